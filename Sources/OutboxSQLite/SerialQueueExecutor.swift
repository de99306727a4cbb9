import Dispatch

/// Runs an actor's jobs on a serial dispatch queue of its own (as GRDB's
/// `SerializedDatabase` does): SQLite's calls block (on the disk, on
/// `fsync`, on another process's lock for up to the busy timeout), and a
/// blocked thread of the cooperative pool would stall every task of the
/// process, of which there are as many threads as cores.
final class SerialQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
