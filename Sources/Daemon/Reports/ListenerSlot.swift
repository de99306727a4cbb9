import DaemonConfig
import ServiceLifecycle
import Synchronization

/// One HTTP listener (`reports` or `metrics`) that a reload can move, add,
/// remove or answer differently without a restart.
///
/// A reload prepares first and commits after everything else has loaded, as
/// `Reloader` does for the rest of the config: a new address is bound in
/// `prepare` (so a port in use refuses the whole reload, and the old listener
/// keeps serving), and `commit` swaps in one step. The old listener then stops
/// accepting; requests it is answering finish. An unchanged address keeps its
/// socket and only takes the new config's answers (a new token, new keywords),
/// so no gateway's callback is refused while a reload runs.
public final class ListenerSlot: Service {
    typealias Bind = @Sendable (DaemonConfiguration) async throws -> ReportService?
    typealias Answers = @Sendable (DaemonConfiguration) -> ReportService.Handle?

    /// `reports`, `metrics`: the setting that places it.
    let setting: String
    private let address: @Sendable (DaemonConfiguration) -> String?
    private let bind: Bind
    private let answers: Answers
    private let current: Mutex<ReportService?>
    /// Each listener to serve, the one bound at start first; `run` serves each as it comes.
    private let started: AsyncStream<ReportService>
    private let starting: AsyncStream<ReportService>.Continuation

    /// Binds the listener `configuration` asks for (none when it asks for none).
    /// A failure here is a start-up error: the port is taken or the address is not this machine's.
    init(setting: String, configuration: DaemonConfiguration, address: @escaping @Sendable (DaemonConfiguration) -> String?,
         bind: @escaping Bind, answers: @escaping Answers = { _ in nil }) async throws {
        self.setting = setting
        self.address = address
        self.bind = bind
        self.answers = answers
        (started, starting) = AsyncStream.makeStream()
        let first = try await bind(configuration)
        current = Mutex(first)
        if let first { starting.yield(first) }
    }

    /// The port being listened on; nil with no listener.
    var port: Int? { current.withLock { $0?.port } }

    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            // Each listener stops by itself on a graceful shutdown; so does waiting for the next.
            for await listener in started.cancelOnGracefulShutdown() {
                group.addTask { try await listener.run() }
            }
        }
    }

    /// What a reload to `new` does to this listener, prepared: a moved or added
    /// one is already bound. Throws (with nothing changed) when it cannot bind.
    func prepare(from old: DaemonConfiguration, to new: DaemonConfiguration) async throws -> Change {
        guard address(old) != address(new) else {
            return Change(slot: self, action: answers(new).map(Change.Action.answer) ?? .keep)
        }
        return Change(slot: self, action: .move(try await bind(new)))
    }

    /// A prepared change of one listener: `commit` it with the rest of the reload, or `abandon` it.
    struct Change: Sendable {
        enum Action: Sendable {
            case keep
            case answer(ReportService.Handle)
            /// To the listener bound for the new address; nil when the new config has none.
            case move(ReportService?)
        }

        fileprivate let slot: ListenerSlot
        let action: Action

        func commit() async {
            switch action {
            case .keep:
                return
            case .answer(let handle):
                slot.current.withLock { $0 }?.replaceHandle(handle)
            case .move(let next):
                let previous = slot.current.withLock { current in
                    defer { current = next }
                    return current
                }
                if let next { slot.starting.yield(next) }
                await previous?.close()
            }
        }

        /// Closes what `prepare` bound; the running listener is untouched.
        func abandon() async {
            if case .move(let next?) = action { await next.close() }
        }
    }
}
