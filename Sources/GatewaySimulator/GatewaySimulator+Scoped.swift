extension GatewaySimulator {
    /// A simulator for the length of `body`, shut down however `body` ends.
    public static func with<Result>(recordsRequests: Bool = true, threads: Int = 1,
                                    _ body: (GatewaySimulator) async throws -> Result) async throws -> Result {
        let simulator = try await start(host: "127.0.0.1", recordsRequests: recordsRequests, threads: threads)
        do {
            let result = try await body(simulator)
            await simulator.shutdown()
            return result
        } catch {
            await simulator.shutdown()
            throw error
        }
    }
}
