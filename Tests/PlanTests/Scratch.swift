import Foundation

/// A fresh directory per test for recipient files, removed when the test ends.
final class Scratch {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "plan-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func write(_ name: String, _ contents: String) throws -> String {
        let path = directory + "/" + name
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
