import Foundation
import Synchronization

/// What the simulator answers: per path, a queue of scripted responses used
/// once each, then each dialect's success answer, chosen by path as the shipped
/// config lays them out (see `config/broadcastd.conf`).
final class ResponseScript: Sendable {
    private let queues = Mutex<[Substring: [SimulatedResponse]]>([:])

    static let kannelAccepted = SimulatedResponse.status(202, headers: ["content-type": "text/plain"], body: "0: Accepted for delivery")
    static let webhookOK = SimulatedResponse.status(200, headers: ["content-type": "application/json"], body: #"{"errcode":0,"errmsg":"ok"}"#)
    static let feishuOK = SimulatedResponse.status(200, headers: ["content-type": "application/json"], body: #"{"code":0,"msg":"success"}"#)
    static let slackOK = SimulatedResponse.status(200, headers: ["content-type": "text/plain"], body: "ok")
    static let notFound = SimulatedResponse.status(404, headers: ["content-type": "text/plain"], body: "not found")

    func enqueue(_ responses: [SimulatedResponse], for path: String) {
        queues.withLock { $0[Substring(path), default: []].append(contentsOf: responses) }
    }

    func next(method: String, path: Substring) -> SimulatedResponse {
        let scripted = queues.withLock { queues -> SimulatedResponse? in
            guard var queue = queues[path], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            queues[path] = queue
            return first
        }
        if let scripted { return scripted }
        return Self.success(method: method, path: path)
    }

    /// Kannel's smsbox at `/cgi-bin/sendsms`, Jasmin's `/send` with a fresh message id,
    /// Feishu and Slack bots under their own prefixes; any other POST gets the
    /// WeCom/DingTalk answer, which a generic webhook also reads as success.
    static func success(method: String, path: Substring) -> SimulatedResponse {
        if path == "/cgi-bin/sendsms" { return kannelAccepted }
        guard method == "POST" else { return notFound }
        if path == "/send" {
            return .status(200, headers: ["content-type": "text/plain"], body: "Success \"\(UUID().uuidString.lowercased())\"")
        }
        if path.hasPrefix("/feishu/") { return feishuOK }
        if path.hasPrefix("/slack/") || path.hasPrefix("/hooks/slack") { return slackOK }
        return webhookOK
    }
}
