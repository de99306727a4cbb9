import LineLanguage

/// `outbox sqlite|postgresql://…` and `outbox-password secret:NAME`: where the
/// outbox lives, combined with `state` into one `OutboxLocation`.
extension ConfigParser {
    static let outboxSettings = ["outbox", "outbox-password"]

    /// `outbox-password` as read: the secret's name, its content, and where it was written.
    struct OutboxPassword {
        var secret: String
        var text: SecretText
        var location: SourceLocation
    }

    mutating func outbox(_ property: PropertyLine) -> OutboxSyntax.Value? {
        guard let token = single(property, example: "sqlite, or outbox \(OutboxSyntax.example)") else { return nil }
        // Refused below, but the line must not be quoted under the error either.
        if OutboxSyntax.holdsPassword(token.text) { credentialLines.insert(token.location.line) }
        return value(OutboxSyntax.parse(token))
    }

    /// The password only as `secret:NAME`: the outbox holds every person's number,
    /// so its password never sits in a file that more people may read than the secrets.
    mutating func outboxPassword(_ property: PropertyLine) -> OutboxPassword? {
        guard let token = single(property, example: "secret:outbox-password") else { return nil }
        let references = SecretReference.scan(token.text)
        guard references.count == 1, let reference = references.first,
              reference.range == 0..<token.text.unicodeScalars.count else {
            diagnostics.error("the outbox password must be given as secret:NAME", at: token.location,
                              hint: "write the password in a file NAME of the secrets folder (chmod 600), or load it with "
                                  + "LoadCredential=, and write 'outbox-password secret:NAME'")
            return nil
        }
        let text = secretText(token)
        guard !text.revealed.isEmpty else { return nil }
        return OutboxPassword(secret: reference.name, text: text, location: token.location)
    }

    /// `state` and `outbox` together: nil (reported) when they do not make an outbox.
    mutating func outboxLocation(state: String?) -> OutboxLocation? {
        let start = source.location(line: 1, column: 1)
        switch outboxValue {
        case .postgresql(var location):
            location.passwordSecret = outboxPassword?.secret
            location.password = outboxPassword?.text
            // A password line whose secret could not be read was reported there; no location without it.
            if settingLines["outbox-password"] != nil && outboxPassword == nil { return nil }
            return .postgresql(location)
        case .sqlite, nil:
            if settingLines["outbox"] != nil && outboxValue == nil { return nil }
            if let line = settingLines["outbox-password"] {
                diagnostics.error("'outbox-password' is set but the outbox is SQLite", at: source.location(line: line, column: 1),
                                  hint: "remove it, or add 'outbox \(OutboxSyntax.form)'")
            }
            guard let state else {
                if settingLines["state"] == nil {
                    diagnostics.error("no 'state' setting", at: start,
                                      hint: "add a line like 'state /var/lib/broadcastd' (the SQLite outbox's folder), "
                                          + "or 'outbox \(OutboxSyntax.form)'")
                }
                return nil
            }
            return .sqlite(stateDirectory: state)
        }
    }
}
