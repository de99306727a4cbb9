import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The processes of a real peer a test starts (Kannel's boxes, Jasmin and its
/// broker), run in the peer's temporary folder and killed together.
public final class PeerProcesses: @unchecked Sendable {
    public enum Output {
        /// Thrown away.
        case none
        /// Into a file of the folder, for the error when the peer does not come up.
        case log(String)
        /// To a test that reads what the peer prints (a test SMSC's messages).
        case reader(@Sendable (Data) -> Void)
    }

    public let directory: URL
    private var processes: [Process] = []
    private var pipes: [Pipe] = []

    public init(directory: URL) {
        self.directory = directory
    }

    public func launch(_ executable: String, _ arguments: [String], output: Output = .none,
                environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        switch output {
        case .none:
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        case .log(let name):
            let path = directory.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: path.path, contents: nil)
            let handle = try FileHandle(forWritingTo: path)
            process.standardOutput = handle
            process.standardError = handle
        case .reader(let read):
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            pipe.fileHandleForReading.readabilityHandler = { handle in read(handle.availableData) }
            pipes.append(pipe)
        }
        try process.run()
        processes.append(process)
    }

    /// SIGKILL, newest first: the peers' graceful stops wait for each other and
    /// their state is thrown away with the folder anyway.
    public func killAll() {
        for process in processes.reversed() where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for pipe in pipes { pipe.fileHandleForReading.readabilityHandler = nil }
    }
}
