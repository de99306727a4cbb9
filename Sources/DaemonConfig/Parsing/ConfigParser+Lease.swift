import LineLanguage

/// `lease-time DURATION`: how long a delivery's lease holds before another
/// instance of a shared outbox may take it over (`broadcastd --lease-time`
/// overrides it).
extension ConfigParser {
    /// Whole seconds, at least one: leases are kept in seconds, and a part of a
    /// second would be dropped without a word.
    mutating func leaseTime(_ property: PropertyLine) -> Duration? {
        guard let duration = duration(property, allowingZero: false), let token = property.arguments.first else { return nil }
        let (seconds, attoseconds) = duration.components
        guard attoseconds == 0, seconds >= 1 else {
            diagnostics.error("'lease-time' is a whole number of seconds", at: token.location,
                              hint: "e.g. lease-time \(max(1, seconds + 1))s")
            return nil
        }
        leaseTimeAt = token.location
        return duration
    }

    /// A lease shorter than a request lets another instance send a delivery
    /// again while the first still waits for the gateway's answer: refused at
    /// the `lease-time` line, naming the gateway or endpoint whose timeout it
    /// does not outlast. Only written timeouts are checked.
    mutating func checkLeaseOutlastsRequests(_ leaseTime: Duration, gateways: [GatewayConfiguration],
                                             endpoints: [EndpointConfiguration]) {
        guard let at = leaseTimeAt else { return }
        let timeouts = gateways.compactMap { gateway in gateway.timeout.map { ("gateway '\(gateway.name)'", $0) } }
            + endpoints.compactMap { endpoint in endpoint.timeout.map { ("endpoint '\(endpoint.name)'", $0) } }
        guard let longest = timeouts.max(by: { $0.1 < $1.1 }), leaseTime <= longest.1 else { return }
        diagnostics.error("'lease-time' \(DurationSyntax.format(leaseTime)) does not outlast the timeout of \(longest.0) "
                          + "(\(DurationSyntax.format(longest.1)))", at: at,
                          hint: "a lease must outlast a request: make it at least "
                              + "\(DurationSyntax.format(longest.1 + .seconds(5))), or shorten the timeout")
    }
}
