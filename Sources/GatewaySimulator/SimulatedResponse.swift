/// What the simulator answers to one request; tests script sequences of these
/// to play a failing, throttling or lying gateway.
public enum SimulatedResponse: Sendable, Hashable {
    case status(Int, headers: [String: String] = [:], body: String = "")
    /// Close the connection after sending part of the response.
    case resetMidResponse
    /// Never answer; the client's timeout must fire.
    case hang
    /// Send the body a few bytes at a time with pauses between them.
    case slowBody(String, chunkDelayMilliseconds: Int)
    /// A body of this many bytes.
    case hugeBody(bytes: Int)
}
