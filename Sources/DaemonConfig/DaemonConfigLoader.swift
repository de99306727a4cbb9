import Foundation
import LineLanguage

/// What loading a config gave: the configuration when there was no error, every
/// diagnostic in file order, and the source so they can be printed with their lines.
public struct ConfigLoadResult: Sendable {
    public var configuration: DaemonConfiguration?
    public var diagnostics: [Diagnostic]
    public var source: SourceFile?
    /// Lines that hold a credential: never quoted under a diagnostic, which would print the secret.
    var credentialLines: Set<Int> = []

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Each diagnostic as `file:line:column: error: message`, its line, a caret and the hint;
    /// a line holding a credential is left out, so an inline password is never printed.
    public func rendered() -> String {
        diagnostics.map { diagnostic in
            let line = diagnostic.location.line
            return diagnostic.rendered(line: credentialLines.contains(line) ? nil : source?.line(line))
        }.joined(separator: "\n")
    }
}

/// Loads `broadcastd.conf` the same way for the daemon and for `broadcastctl check --config`.
public enum DaemonConfigLoader {
    /// A config file is a page or two; anything much larger is a mistake.
    public static let maximumSize = 1 << 20

    /// Reads and parses the file at `path`; relative paths inside it resolve against its folder.
    /// `environment` supplies `$CREDENTIALS_DIRECTORY`.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigLoadResult {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func failure(_ message: String, hint: String? = nil) -> ConfigLoadResult {
            ConfigLoadResult(configuration: nil, diagnostics: [Diagnostic(.error, at: start, message, hint: hint)], source: nil)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else {
            return failure("cannot read the config file '\(path)'", hint: "check the path; the default is /etc/broadcastd/broadcastd.conf")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > maximumSize {
            return failure("the config file is larger than \(maximumSize / 1024) KiB", hint: "is this the right file?")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return failure("cannot read the config file '\(path)'", hint: "check that the daemon's user may read it")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let (source, decoding) = SourceFile.decode(name: path, bytes: Array(data))
        return load(source: source, decodingDiagnostics: decoding, directory: directory, environment: environment)
    }

    /// Parses config text held in memory, as if it were the file `file` in `directory`.
    public static func load(text: String, file: String = "broadcastd.conf", directory: String,
                            environment: [String: String]) -> ConfigLoadResult {
        load(source: SourceFile(name: file, text: text), decodingDiagnostics: [], directory: directory, environment: environment)
    }

    private static func load(source: SourceFile, decodingDiagnostics: [Diagnostic], directory: String,
                             environment: [String: String]) -> ConfigLoadResult {
        if source.isBinary {
            let diagnostics = decodingDiagnostics.isEmpty
                ? [Diagnostic(.error, at: source.location(line: 1, column: 1), "this is not a text file")]
                : decodingDiagnostics
            return ConfigLoadResult(configuration: nil, diagnostics: diagnostics, source: source)
        }
        var parser = ConfigParser(source: source, directory: directory, environment: environment)
        let configuration = parser.parse()
        let diagnostics = (decodingDiagnostics + parser.diagnostics.all).sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        let clean = !diagnostics.contains { $0.severity == .error }
        return ConfigLoadResult(configuration: clean ? configuration : nil, diagnostics: diagnostics, source: source,
                                credentialLines: parser.credentialLines)
    }
}
