/// `reports 127.0.0.1:8471` with its `reports-token`: where the daemon listens
/// for gateways' delivery reports and keyword replies (MO), which opt numbers out.
/// The callbacks carry no credentials of their own, so every callback URL starts
/// with the token, and the listener stays on loopback unless `remote` says otherwise.
public struct ReportsConfiguration: Hashable, Sendable {
    /// A literal IP address: `127.0.0.1`, `::1`, or with `remote` any address of this host.
    public var host: String
    public var port: Int
    /// Written `reports ADDRESS remote`: gateways on other hosts may call back.
    public var allowsRemote: Bool
    /// The first path segment of every callback URL; compared in constant time.
    public var token: SecretText

    public init(host: String, port: Int, allowsRemote: Bool = false, token: SecretText) {
        self.host = host
        self.port = port
        self.allowsRemote = allowsRemote
        self.token = token
    }

    /// `http://127.0.0.1:8471`, `http://[::1]:8471`: what gateways are told to call.
    public var baseURL: String {
        "http://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        host == "::1" || host.hasPrefix("127.")
    }
}
