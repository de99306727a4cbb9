import Outbox
import ArgumentParser
import DaemonConfig
import Delivery
import Foundation
import Loading

/// `broadcastctl test-send`: one message through the daemon's own path (config
/// loader, destination factory, dialect, transport), one attempt, no retry.
/// Operators run it to prove a gateway before a campaign.
struct TestSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-send",
        abstract: "Send one message to a gateway or endpoint and print what it answered.",
        discussion: "One attempt, no retries. Prints the verdict, its reason, the HTTP status, the latency and the gateway's message id. Exits 0 only when the message was delivered to the gateway. Warns when the number opted out, and records the send (who, to whom, masked, and the answer) in the outbox's record of controls: `broadcastctl log --controls`."
    )

    @Option(help: "The daemon config.")
    var config: String = "/etc/broadcastd/broadcastd.conf"

    @Option(help: "An SMS gateway of the config; needs --to.")
    var gateway: String?

    @Option(help: "The recipient's phone number (E.164, e.g. +8613800000000).")
    var to: String?

    @Option(help: "A webhook endpoint of the config.")
    var endpoint: String?

    @Option(help: "The text to send.")
    var text: String = TestSend.defaultText

    func validate() throws {
        switch (gateway, endpoint) {
        case (.some, .some), (nil, nil): throw ValidationError("name either --gateway (with --to) or --endpoint")
        case (.some, nil) where to == nil: throw ValidationError("--gateway needs --to NUMBER")
        case (nil, .some) where to != nil: throw ValidationError("--to goes with --gateway; an endpoint has no recipient")
        default: break
        }
        if text.isEmpty { throw ValidationError("--text must not be empty") }
    }

    func run() async throws {
        let target: TestSend.Target = if let gateway, let to { .gateway(gateway, to: to) } else { .endpoint(endpoint ?? "") }
        let send = TestSend(configPath: config, target: target, text: text)
        let outcome: TestSend.Outcome
        do {
            outcome = try await send.run()
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
        outcome.warnings.forEach { Terminal.printError("warning: " + $0) }
        if let unrecorded = outcome.unrecorded { Terminal.printNote(unrecorded) }
        print(outcome.report)
        if !outcome.isDelivered { throw ExitCode(1) }
    }
}

/// The command's work, apart from argument parsing, so tests can run it against a simulator.
struct TestSend: Sendable {
    enum Target: Sendable, Hashable {
        case gateway(String, to: String)
        case endpoint(String)
    }

    static let defaultText = "【broadcastd】test-send 测试消息: please ignore"

    var configPath: String
    var target: Target
    var text: String
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// What the attempt gave; `report` holds no secret and no full phone number.
    struct Outcome: Sendable {
        var destination: String
        var kind: Destination.Kind
        var maskedRecipient: String?
        var verdict: Verdict
        /// nil when no HTTP answer came (refused, timed out, …).
        var status: Int?
        var latency: Double
        /// Why no answer came: curl's detail and, for TLS, what to do; nil with an answer.
        var detail: String?
        /// What the operator must hear even when the send succeeds (an opted-out recipient).
        var warnings: [String] = []
        /// Why the send is not in the outbox's record of controls (no outbox yet); nil when it is.
        var unrecorded: String?

        var isDelivered: Bool {
            if case .delivered = verdict { return true }
            return false
        }

        var gatewayMessageID: String? {
            if case .delivered(let id) = verdict { return id }
            return nil
        }

        var report: String {
            let word = switch verdict {
            case .delivered: "delivered"
            case .retry: "retry"
            case .permanent: "failed"
            case .unsubscribed: "opted out"
            }
            return [
                "\(kind.rawValue) \(destination)" + (maskedRecipient.map { " to \($0)" } ?? ""),
                "  verdict     \(word)",
                "  reason      \(verdict.reason)",
                "  status      \(status.map(String.init) ?? "none")",
                "  latency     \(String(format: "%.3f", latency)) s",
                "  message id  \(gatewayMessageID ?? "none")",
            ].joined(separator: "\n") + (detail.map { "\n  detail      \($0)" } ?? "")
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws(Failure) -> Outcome {
        let loaded = DaemonConfigCheck.load(path: configPath, environment: environment)
        guard let configuration = loaded.configuration else {
            throw Failure(description: "the config has errors; run 'broadcastctl check --config \(configPath)'\n" + loaded.rendered())
        }
        let destination = try makeDestination(configuration)
        var message = OutgoingMessage(
            deliveryID: "test-send-" + UUID().uuidString.lowercased(), campaignName: "test-send",
            campaignTitle: "broadcastctl test-send", messageName: "test-send",
            occurrence: Int64(Date().timeIntervalSince1970), utcOffset: TimeZone.current.secondsFromGMT(),
            regionPath: "test-send", regionName: "test-send", channel: destination.kind == .gateway ? "sms" : "webhook",
            text: text)
        var warnings: [String] = []
        if case .gateway(_, let to) = target {
            message.recipient = to
            if let notice = await optOutNotice(for: to, outbox: configuration.outbox) { warnings.append(notice) }
        }

        let request: HTTPRequest
        do { request = try destination.request(for: message, now: Date().timeIntervalSince1970) } catch {
            throw Failure(description: "\(destination.kind.rawValue) '\(destination.name)': \(error)")
        }
        let transport = HTTPTransport()
        let started = ContinuousClock.now
        let verdict: Verdict
        var status: Int?
        var detail: String?
        do {
            let response = try await transport.send(request, timeout: destination.timeout)
            status = response.status
            verdict = destination.dialect.verdict(for: response, now: Date().timeIntervalSince1970)
        } catch {
            verdict = Verdict(error, timeout: destination.timeoutSeconds)
            detail = error.description
        }
        let elapsed = ContinuousClock.now - started
        await transport.shutdown()
        var outcome = Outcome(destination: destination.name, kind: destination.kind, maskedRecipient: message.recipient.map(maskedPhone),
                              verdict: verdict, status: status,
                              latency: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                              detail: detail, warnings: warnings)
        outcome.unrecorded = await record(outcome, in: configuration.outbox)
        return outcome
    }

    /// A test reaches a real person or group chat: it goes in the outbox's record
    /// of controls (`log --controls`, `status`) like a pause, with who sent it, to
    /// whom (the number masked) and what the gateway answered. The text is not kept.
    private func record(_ outcome: Outcome, in location: OutboxLocation) async -> String? {
        guard let outbox = try? await OutboxLocator.open(location).backend else {
            return "not recorded in the outbox: there is none yet (the daemon makes it at its first start)"
        }
        let target = "\(outcome.kind.rawValue) \(outcome.destination)" + (outcome.maskedRecipient.map { " to \($0)" } ?? "")
        let answer = (outcome.isDelivered ? "delivered" : "not delivered") + (outcome.status.map { " (HTTP \($0))" } ?? "")
            + (outcome.warnings.isEmpty ? "" : "; " + outcome.warnings.joined(separator: "; "))
        do {
            try await outbox.recordControl(ControlRecord(at: Int64(Date().timeIntervalSince1970), user: ControlAudit.invokingUser(),
                                                         command: "test-send", target: target, outcome: answer,
                                                         changed: outcome.isDelivered))
            return nil
        } catch {
            return "not recorded in the outbox: \(error)"
        }
    }

    /// A test to someone who asked for no more SMS is still sent (the operator
    /// asked for this one message), but never without a word. Read from the
    /// outbox, where the daemon keeps every opt-out (replies, reports, `optout`
    /// files, `broadcastctl optout add`); no outbox yet means none is known.
    private func optOutNotice(for number: String, outbox location: OutboxLocation) async -> String? {
        guard let outbox = try? await OutboxLocator.open(location).backend,
              let optOut = try? await outbox.optOut(number) else { return nil }
        return "\(maskedPhone(number)) opted out (\(optOut.source)); the daemon never sends it a broadcast, "
            + "and this test reaches them only because you asked for it"
    }

    private func makeDestination(_ configuration: DaemonConfiguration) throws(Failure) -> Destination {
        do {
            switch target {
            case .gateway(let name, _):
                guard let gateway = configuration.gateway(named: name) else {
                    throw Failure(description: unknown("gateway", name, among: configuration.gateways.map(\.name)))
                }
                return try DestinationFactory.make(gateway: gateway)
            case .endpoint(let name):
                guard let endpoint = configuration.endpoint(named: name) else {
                    throw Failure(description: unknown("endpoint", name, among: configuration.endpoints.map(\.name)))
                }
                return try DestinationFactory.make(endpoint: endpoint)
            }
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    private func unknown(_ kind: String, _ name: String, among names: [String]) -> String {
        "the config has no \(kind) '\(name)'" + (names.isEmpty ? "" : "; it has \(names.joined(separator: ", "))")
    }
}
