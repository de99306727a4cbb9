import Testing
@testable import Control

/// `status --watch` draws a frame per tick until its pause is cancelled (SIGINT).
struct StatusWatchTests {
    final class Frames: @unchecked Sendable {
        var written: [String] = []
        var pauses = 0
    }

    func watch(interactive: Bool, ticks: Int) async throws -> Frames {
        let frames = Frames()
        var count = 0
        try await StatusWatch.run(interactive: interactive, render: {
            count += 1
            return "frame \(count)"
        }, write: { frames.written.append($0) }, pause: {
            frames.pauses += 1
            if frames.pauses == ticks { throw CancellationError() }
        })
        return frames
    }

    @Test func onATerminalEachFrameClearsTheScreen() async throws {
        let frames = try await watch(interactive: true, ticks: 3)
        #expect(frames.written == ["frame 1", "frame 2", "frame 3"].map { StatusWatch.clearScreen + $0 + "\n" })
    }

    @Test func intoAPipeFramesFollowEachOther() async throws {
        let frames = try await watch(interactive: false, ticks: 2)
        #expect(frames.written == ["frame 1\n", "frame 2\n"])
    }

    @Test func aFailedReadEndsTheWatch() async throws {
        await #expect(throws: OperateError.self) {
            try await StatusWatch.run(interactive: false, render: { throw OperateError("the outbox is gone") },
                                      write: { _ in }, pause: {})
        }
    }
}
