/// `metrics 127.0.0.1:9471`: where the daemon serves `/metrics` for Prometheus.
/// Read-only and without credentials, so, like `reports`, it stays on loopback
/// unless `remote` says otherwise.
public struct MetricsConfiguration: Hashable, Sendable {
    /// A literal IP address: `127.0.0.1`, `::1`, or with `remote` any address of this host.
    public var host: String
    public var port: Int
    /// Written `metrics ADDRESS remote`: a Prometheus on another host may scrape.
    public var allowsRemote: Bool

    public init(host: String, port: Int, allowsRemote: Bool = false) {
        self.host = host
        self.port = port
        self.allowsRemote = allowsRemote
    }

    /// `http://127.0.0.1:9471`, `http://[::1]:9471`.
    public var baseURL: String {
        "http://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }
}
