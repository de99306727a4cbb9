/// How the chat bots answer: usually HTTP 200 whatever happened, with a code in
/// the JSON body that alone says whether the message was posted. This reads that
/// code against a service's table of known codes.
struct BotAnswer: Sendable {
    enum Outcome: Sendable {
        /// The service says "too fast": try later and slow down; `after` is its
        /// documented penalty when it has one.
        case throttle(after: Double?)
        /// Try later (the service had trouble of its own, or a quota ran out), at the same pace.
        case retry(after: Double?)
        case permanent
    }

    /// `wecom`, `dingtalk`, … — the first word of every reason.
    let service: String
    /// Body fields holding the code, first present wins (Feishu has `code` and a legacy `StatusCode`).
    let codeFields: [String]
    let codes: [Int: (phrase: String, outcome: Outcome)]

    /// Code 0 with a 2xx status is the only success. A known code decides; an unknown
    /// one falls back to the status's reading; a 2xx without a readable code is permanent,
    /// because the URL then points at something that is not the bot API.
    func verdict(for response: HTTPResponse, now: Double) -> Verdict {
        let fields = JSONFields(response.body)
        guard let code = codeFields.lazy.compactMap({ fields?.integers[$0] }).first else {
            if (200..<300).contains(response.status) {
                return .permanent(reason: "\(service) \(response.status) without a result code")
            }
            return Verdict(response: response, now: now)
        }
        if code == 0 {
            return Verdict(response: response, now: now)
        }
        guard let known = codes[code] else {
            let fallback = Verdict(response: response, now: now, reason: "\(service) \(code)")
            if case .delivered = fallback { return .permanent(reason: "\(service) \(code)") }
            return fallback
        }
        let reason = "\(service) \(code) \(known.phrase)"
        let asked = RetryAfter.seconds(response.headers["retry-after"], now: now)
        switch known.outcome {
        case .permanent: return .permanent(reason: reason)
        case .retry(let penalty), .throttle(let penalty): return .retry(reason: reason, after: asked ?? penalty)
        }
    }

    /// The reasons this service's throttle codes produce, for `Verdict.isThrottle`.
    var throttleReasons: [String] {
        codes.compactMap { code, known in
            guard case .throttle = known.outcome else { return nil }
            return "\(service) \(code) \(known.phrase)"
        }
    }
}
