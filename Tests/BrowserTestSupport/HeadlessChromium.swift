import Foundation

/// Debian's `chromium` in headless mode (`make test-deps`), run to its end under
/// coreutils' `timeout` (which stops its whole process group, renderers
/// included), with a throwaway profile: it touches nothing of the user's.
public enum HeadlessChromium {
    public static let binary = "/usr/bin/chromium"
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Runs chromium on `url` with `arguments` (`--dump-dom`, `--screenshot=…`); its standard output.
    public static func run(_ arguments: [String], url: String, seconds: Int = 60) throws -> (status: Int32, stdout: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(seconds), binary, "--headless", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(profile.path)"] + arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
