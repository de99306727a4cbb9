import Foundation

/// One `wrk` run of plain GETs to a URL: its requests per second.
struct WrkRun: Sendable {
    var wrkPath: String
    var connections: Int
    var threads: Int
    var seconds: Int

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    func requestsPerSecond(get url: String) -> Result<Double, Problem> {
        guard FileManager.default.isExecutableFile(atPath: wrkPath) else {
            return .failure(Problem(description: "not measured: \(wrkPath) not found (apt-get install wrk)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrkPath)
        process.arguments = ["-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return .failure(Problem(description: "could not run it: \(error)"))
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Self.rate(inOutput: text).map(Result.success)
            // Its output repeats the URL, query and password included, so none of it is quoted.
            ?? .failure(Problem(description: "no Requests/sec in its output (exit status \(process.terminationStatus))"))
    }

    static func rate(inOutput text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
            .flatMap { Double($0.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces)) }
    }
}
