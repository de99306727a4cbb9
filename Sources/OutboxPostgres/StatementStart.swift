import Foundation
import PostgresNIO

/// Starts a statement on a connection so that its start ends even when the
/// server has already closed the connection.
///
/// Why: postgres-nio (1.33) hands a statement to its connection with a channel
/// write whose failure nobody hears (`channel.write(task, promise: nil)`). A
/// statement written after the channel closed never reaches the connection's
/// state machine, so neither an error nor a result ever answers it, and its
/// await waits for ever. A fast shutdown of the server makes exactly that
/// happen inside a transaction: the running statement fails with 57P01
/// ("terminating connection due to administrator command"), the server closes
/// the socket, and the `ROLLBACK` that follows is written to a closed channel.
/// That stalled the dispatcher until a restart (`ServerStopTests` shows it).
///
/// So the start races the connection's close: whichever ends first answers.
/// A statement that did reach the connection is failed by it on a close, so
/// the close only decides for one that never arrived. The close is watched by
/// polling `isClosed` while the start is unanswered, not by a callback on the
/// connection's `closeFuture`: such callbacks cannot be removed, and one per
/// statement would pile up on a connection that lives for hours. The lost
/// statement's await is left behind (it cannot be cancelled): one suspended
/// task per statement lost this way, only when the server goes away.
enum StatementStart {
    /// How often an unanswered start looks whether its connection closed.
    static let closeCheck = Duration.milliseconds(100)

    static func rows(of query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> PostgresRowSequence {
        try await start(on: connection) { try await connection.query(query, logger: logger) }
    }

    /// The same race for a named prepared statement: its rows, each as it came.
    static func rows<Text: PreparedSQL>(of statement: Prepared<Text>, on connection: PostgresConnection,
                                        logger: Logger) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        try await start(on: connection) { try await connection.execute(statement, logger: logger) }
    }

    private static func start<Rows: Sendable>(on connection: PostgresConnection,
                                              _ body: @escaping @Sendable () async throws -> Rows) async throws -> Rows {
        if connection.isClosed { throw ConnectionClosed() }
        return try await withCheckedThrowingContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let watch = Task {
                while !connection.isClosed {
                    do { try await Task.sleep(for: closeCheck) } catch { return }
                }
                answer.give(.failure(ConnectionClosed()))
            }
            Task {
                do {
                    answer.give(.success(try await body()))
                } catch {
                    answer.give(.failure(error))
                }
                watch.cancel()
            }
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer<Rows: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Rows, any Error>?

    init(_ continuation: CheckedContinuation<Rows, any Error>) {
        self.continuation = continuation
    }

    func give(_ result: Result<Rows, any Error>) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// The connection closed before the statement reached it.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the server closed the connection" }
}
