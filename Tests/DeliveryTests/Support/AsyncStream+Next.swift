extension AsyncStream where Element: Sendable {
    /// The next element, or nil after `timeout`: a test waits on the event itself,
    /// bounded, instead of sleeping and looking.
    func next(within timeout: Duration) async -> Element? {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask { await self.first { _ in true } }
            group.addTask { try? await Task.sleep(for: timeout); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
