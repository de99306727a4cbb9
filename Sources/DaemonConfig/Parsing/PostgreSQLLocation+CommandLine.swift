import LineLanguage

extension PostgreSQLLocation {
    /// A PostgreSQL outbox URL given on the command line (`broadcastctl outbox copy
    /// --to`), read by the very rules `outbox` in broadcastd.conf follows, so the
    /// two cannot disagree; the error says what is wrong and at which column of the
    /// URL, never repeating a password written into it.
    public init(commandLine text: String, option: String, password: SecretText?) throws(OutboxSettingError) {
        // Refused before anything quotes the URL: a command line shows in `ps` and the shell's history.
        if OutboxSyntax.holdsPassword(text) {
            throw OutboxSettingError(description: "\(option) holds a password: a command line shows in ps and in the shell's "
                                     + "history; write it in a file (chmod 600) and give --password-file FILE")
        }
        let token = Token(kind: .word, text: text, location: SourceLocation(file: option, line: 1, column: 1),
                          length: text.unicodeScalars.count)
        switch OutboxSyntax.parse(token) {
        case .success(.postgresql(let location)):
            self = location
            self.password = password
        case .success(.sqlite):
            throw OutboxSettingError(description: "\(option): the copy goes to PostgreSQL: give \(OutboxSyntax.form)")
        case .failure(let problem):
            let diagnostic = problem.diagnostic
            throw OutboxSettingError(description: "\(option) (column \(diagnostic.location.column)): \(diagnostic.message)"
                                     + (diagnostic.hint.map { "; \($0)" } ?? ""))
        }
    }
}
