/// What gateways and endpoints share: where requests go and how hard the
/// delivery layer may push. Lets rate limits and retries treat both alike.
public protocol DestinationConfiguration: Sendable {
    var name: String { get }
    var url: SecretText { get set }
    var rate: RateSetting? { get set }
    var concurrency: Int? { get set }
    var timeout: Duration? { get set }
    var retry: RetrySetting? { get set }
    var caFile: String? { get set }
}

extension GatewayConfiguration: DestinationConfiguration {}
extension EndpointConfiguration: DestinationConfiguration {}
