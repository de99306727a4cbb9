import ArgumentParser
import Dispatch
import Foundation

/// `broadcastd-simulator`: the loopback gateway and webhook sink of the quick
/// start and the benchmarks, in the foreground until SIGINT or SIGTERM. It is
/// its own program so that the operator's `broadcastctl` carries no fake gateway. Counts only: bodies are
/// neither kept nor printed, so a long run keeps flat memory and shows no message text.
public struct SimulatorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "broadcastd-simulator",
        abstract: "Run the loopback SMS gateway and webhook simulator until Ctrl-C.",
        discussion: "Answers like Kannel (/cgi-bin/sendsms), Jasmin (/send) and the WeCom, DingTalk, Feishu and Slack bots, as config/broadcastd.conf expects. Prints requests per path prefix every few seconds."
    )

    @Option(help: "Port of the SMS gateway side.")
    var smsPort: Int = 13013

    @Option(help: "Port of the webhook side (may equal --sms-port).")
    var webhookPort: Int = 13080

    @Option(help: "A loopback address: 127.0.0.1, ::1 or localhost.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds between count lines.")
    var every: Int = 5

    public init() {}

    public func validate() throws {
        guard Self.isLoopback(host) else { throw ValidationError("--host must be a loopback address (127.0.0.1, ::1 or localhost)") }
        for port in [smsPort, webhookPort] where !(1...65535).contains(port) {
            throw ValidationError("port \(port) is not between 1 and 65535")
        }
        guard (1...3600).contains(every) else { throw ValidationError("--every must be between 1 and 3600 seconds") }
    }

    /// The simulator is for this machine only; anything else would be a fake gateway on the network.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && octets.allSatisfy { $0 != nil } && octets[0] == 127
    }

    public func run() async throws {
        let ports = smsPort == webhookPort ? [smsPort] : [smsPort, webhookPort]
        var simulators: [GatewaySimulator] = []
        for port in ports {
            do {
                simulators.append(try await GatewaySimulator.start(host: host, port: port, recordsRequests: false, threads: 1))
            } catch {
                for simulator in simulators { await simulator.shutdown() }
                FileHandle.standardError.write(Data("broadcastd-simulator: cannot listen on \(host):\(port): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        Self.say("simulating on " + ports.map { "\(host):\($0)" }.joined(separator: " and ") + "; Ctrl-C stops")
        let (stop, signalSources) = Self.terminationSignals()
        let (running, every) = (simulators, every)
        let tally = Task {
            var previous: [String: Int] = [:]
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(every))
                let counts = Self.merged(running.map(\.log.countsByPathPrefix))
                Self.say(Self.countLine(counts, previous: previous))
                previous = counts
            }
        }
        _ = await stop.first { _ in true }
        signalSources.forEach { $0.cancel() }
        tally.cancel()
        for simulator in simulators { await simulator.shutdown() }
        Self.say(Self.countLine(Self.merged(simulators.map(\.log.countsByPathPrefix)), previous: [:], final: true))
    }

    /// A line out at once, even into a file or a pipe (`make demo` redirects it):
    /// the counts are for watching while the daemon sends.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func merged(_ counts: [[String: Int]]) -> [String: Int] {
        counts.reduce(into: [:]) { all, one in all.merge(one, uniquingKeysWith: +) }
    }

    /// `/cgi-bin 1200 (+200)  /wecom 14 (+2)`, prefixes in name order; `total` alone when nothing came.
    static func countLine(_ counts: [String: Int], previous: [String: Int], final: Bool = false) -> String {
        let total = counts.values.reduce(0, +)
        let parts = counts.keys.sorted().map { prefix in
            let count = counts[prefix, default: 0]
            return final ? "\(prefix) \(count)" : "\(prefix) \(count) (+\(count - previous[prefix, default: 0]))"
        }
        return ([final ? "total \(total)" : "requests \(total)"] + parts).joined(separator: "  ")
    }

    /// SIGINT and SIGTERM as a stream; their default action (ending the process
    /// at once) is turned off so the simulator can close its sockets. The caller
    /// keeps the sources alive while it listens.
    static func terminationSignals() -> (AsyncStream<Int32>, [any DispatchSourceSignal]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        return (stream, sources)
    }
}
