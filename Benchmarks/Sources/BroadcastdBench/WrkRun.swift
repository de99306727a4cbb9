import Foundation

/// One `wrk` run against a URL (plain GETs, or what a Lua script makes): its requests per second.
struct WrkRun: Sendable {
    var wrkPath: String
    var connections: Int
    var threads: Int
    var seconds: Int

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    func requestsPerSecond(url: String, luaScript: String? = nil) -> Result<Double, Problem> {
        guard FileManager.default.isExecutableFile(atPath: wrkPath) else {
            return .failure(Problem(description: "not measured: \(wrkPath) not found (apt-get install wrk)"))
        }
        var arguments = ["-t", String(threads), "-c", String(connections), "-d", "\(seconds)s"]
        let scriptFile = FileManager.default.temporaryDirectory.appendingPathComponent("broadcastd-bench-\(UUID().uuidString).lua")
        defer { try? FileManager.default.removeItem(at: scriptFile) }
        if let luaScript {
            do {
                try luaScript.write(to: scriptFile, atomically: true, encoding: .utf8)
            } catch {
                return .failure(Problem(description: "could not write its script: \(error)"))
            }
            arguments += ["-s", scriptFile.path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrkPath)
        process.arguments = arguments + [url]
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
