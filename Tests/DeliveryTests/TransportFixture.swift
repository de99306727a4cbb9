import Delivery
import GatewaySimulator

/// Runs `body` against a fresh simulator on 127.0.0.1 and a fresh transport,
/// and tears both down whether `body` passes or throws.
func withTransportAndSimulator<T>(
    configuration: HTTPTransport.Configuration = HTTPTransport.Configuration(defaultTimeout: .seconds(10)),
    recordsRequests: Bool = true,
    _ body: (HTTPTransport, GatewaySimulator) async throws -> T
) async throws -> T {
    let simulator = try await GatewaySimulator.start(recordsRequests: recordsRequests)
    let transport = HTTPTransport(configuration: configuration)
    do {
        let result = try await body(transport, simulator)
        await transport.shutdown()
        await simulator.shutdown()
        return result
    } catch {
        await transport.shutdown()
        await simulator.shutdown()
        throw error
    }
}

/// A POST the way a webhook dialect builds one.
func jsonPost(_ url: String, _ json: String, headers: [(name: String, value: String)] = []) -> HTTPRequest {
    HTTPRequest(
        method: .post,
        url: url,
        headers: [(name: "Content-Type", value: "application/json; charset=utf-8")] + headers,
        body: Array(json.utf8)
    )
}
