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

    @Option(name: .customLong("gateway-port"),
            help: "Another SMS gateway on a port of its own, e.g. one carrier's Kannel of a route (repeatable).")
    var gatewayPorts: [Int] = []

    @Option(help: ArgumentHelp("The gateway on PORT answers COUNT requests, then goes down: its port refuses connections, as if its process were stopped.",
                               valueName: "port:count"))
    var stopAfter: String?

    @Option(help: "A loopback address: 127.0.0.1, ::1 or localhost.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds between count lines.")
    var every: Int = 5

    public init() {}

    public func validate() throws {
        guard Self.isLoopback(host) else { throw ValidationError("--host must be a loopback address (127.0.0.1, ::1 or localhost)") }
        for port in [smsPort, webhookPort] + gatewayPorts where !(1...65535).contains(port) {
            throw ValidationError("port \(port) is not between 1 and 65535")
        }
        if let stopAfter {
            guard let (port, _) = Self.stopping(stopAfter) else {
                throw ValidationError("--stop-after takes PORT:COUNT with COUNT at least 1, e.g. 13014:40; got '\(stopAfter)'")
            }
            guard listenedPorts.contains(port) else {
                throw ValidationError("--stop-after names port \(port), which the simulator does not listen on")
            }
        }
        guard (1...3600).contains(every) else { throw ValidationError("--every must be between 1 and 3600 seconds") }
    }

    /// The simulator is for this machine only; anything else would be a fake gateway on the network.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && octets.allSatisfy { $0 != nil } && octets[0] == 127
    }

    /// `13014:40` → (13014, 40); nil unless both are numbers and the count is at least 1.
    static func stopping(_ text: String) -> (port: Int, answers: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[0]), let answers = Int(parts[1]), answers >= 1 else { return nil }
        return (port, answers)
    }

    /// Each port once: the SMS side, the other gateways, the webhook side.
    var listenedPorts: [Int] {
        var seen: Set<Int> = []
        return ([smsPort] + gatewayPorts + [webhookPort]).filter { seen.insert($0).inserted }
    }

    public func run() async throws {
        let ports = listenedPorts
        let stopping = stopAfter.flatMap(Self.stopping)
        var simulators: [GatewaySimulator] = []
        for port in ports {
            let answers = stopping?.port == port ? stopping?.answers : nil
            let host = host
            do {
                simulators.append(try await GatewaySimulator.start(
                    host: host, port: port, recordsRequests: false, threads: 1, stopAfter: answers,
                    onStop: { Self.say("\(host):\(port) stopped after answering \(answers ?? 0) requests: it refuses connections from now on") }))
            } catch {
                for simulator in simulators { await simulator.shutdown() }
                FileHandle.standardError.write(Data("broadcastd-simulator: cannot listen on \(host):\(port): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        Self.say("simulating on " + ports.map { "\(host):\($0)" }.joined(separator: ", ") + "; Ctrl-C stops")
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
        if ports.count > 2 { Self.say(Self.portLine(simulators.map { ($0.port, $0.log.requestCount) })) }
    }

    /// `by port  13013 36  13014 40`: what each listener answered, when several
    /// gateways have ports of their own (the counts by path lump them together).
    static func portLine(_ counts: [(port: Int, answered: Int)]) -> String {
        (["by port"] + counts.map { "\($0.port) \($0.answered)" }).joined(separator: "  ")
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
