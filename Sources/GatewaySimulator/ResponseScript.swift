import Synchronization

/// What the simulator answers: per path, a queue of scripted responses used
/// once each, then the default of a Kannel smsbox and a webhook sink.
final class ResponseScript: Sendable {
    private let queues = Mutex<[Substring: [SimulatedResponse]]>([:])

    static let kannelAccepted = SimulatedResponse.status(202, headers: ["content-type": "text/plain"], body: "0: Accepted for delivery")
    static let webhookOK = SimulatedResponse.status(200, headers: ["content-type": "application/json"], body: #"{"errcode":0,"errmsg":"ok"}"#)
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
        if path == "/cgi-bin/sendsms" { return Self.kannelAccepted }
        return method == "POST" ? Self.webhookOK : Self.notFound
    }
}
