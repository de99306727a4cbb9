import ServiceLifecycle

/// Runs `body` until it returns or a graceful shutdown begins. The cancellation
/// that ends it is the normal way out, not an error for the service group to report.
func runUntilGracefulShutdown(_ body: @escaping @Sendable () async throws -> Void) async throws {
    do {
        try await cancelWhenGracefulShutdown(body)
    } catch is CancellationError {
        return
    }
}
