/// What gateways and endpoints share: where requests go and how hard the
/// delivery layer may push. Lets rate limits and retries treat both alike.
public protocol Destination: Sendable {
    var name: String { get }
    var url: SecretText { get set }
    var rate: RateLimit? { get set }
    var concurrency: Int? { get set }
    var timeout: Duration? { get set }
    var retry: RetryPolicy? { get set }
    var caFile: String? { get set }
}

extension GatewayConfiguration: Destination {}
extension EndpointConfiguration: Destination {}
