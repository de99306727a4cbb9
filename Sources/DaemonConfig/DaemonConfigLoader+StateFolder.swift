import Foundation
import LineLanguage

/// Why a config's `state` setting could not be read.
public struct StateSettingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

extension DaemonConfigLoader {
    /// The `state` folder a config names, resolved against the config's folder,
    /// read without resolving secrets or checking anything else: `broadcastctl
    /// status` needs only this line, and an operator may be allowed to read the
    /// config but not the secrets it points to.
    public static func stateFolder(configPath path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateSettingError(description: "cannot read the config file '\(path)'; give the state folder with --state DIR")
        }
        let (source, _) = SourceFile.decode(name: path, bytes: Array(data))
        for line in source.lines where line.indentation == 0 && !line.isBlank && !line.isComment {
            var scanner = LineScanner(line: line, file: path)
            guard scanner.next()?.text == "state" else { continue }
            guard let folder = scanner.next(), !folder.isComma, !folder.text.isEmpty else {
                throw StateSettingError(description: "\(path):\(line.number): 'state' needs a folder")
            }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            return ConfigParser.resolve(path: folder.text, against: directory)
        }
        throw StateSettingError(description: "\(path) has no 'state' setting; give the state folder with --state DIR")
    }
}
