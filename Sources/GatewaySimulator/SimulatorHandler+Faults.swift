import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// The scripted misbehaviours. Each runs on the connection's event loop and
/// stops as soon as the client goes away.
extension SimulatorHandler {
    /// Promises a body, sends a little of it, then closes with SO_LINGER 0 so the peer gets an RST.
    func resetMidResponse(for request: HTTPRequestHead, context: ChannelHandlerContext) {
        writeHead(200, headers: [:], contentLength: 1000, for: request, context: context)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "0: Accep")))), promise: nil)
        guard let socket = context.channel as? SocketOptionProvider else {
            context.close(promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Sends `bytes` a few at a time, one chunk per `interval`.
    func writeSlowly(_ bytes: ArraySlice<UInt8>, every interval: TimeAmount, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        guard !bytes.isEmpty else {
            writeEnd(keepAlive: keepAlive, context: context)
            return
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            let chunk = bytes.prefix(4)
            context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk)))), promise: nil)
            self.writeSlowly(bytes.dropFirst(chunk.count), every: interval, keepAlive: keepAlive, context: context)
        }
    }

    /// Streams `remaining` bytes in 64 KiB chunks, writing the next only once the last
    /// has left, so the simulator's own memory stays bounded whatever the size.
    func writeHuge(remaining: Int, keepAlive: Bool, context: ChannelHandlerContext) {
        guard remaining > 0 else {
            writeEnd(keepAlive: keepAlive, context: context)
            return
        }
        let size = min(remaining, Self.hugeChunk.readableBytes)
        let chunk = Self.hugeChunk.getSlice(at: Self.hugeChunk.readerIndex, length: size)!
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).assumeIsolated().whenComplete { result in
            guard case .success = result else { return }
            self.writeHuge(remaining: remaining - size, keepAlive: keepAlive, context: context)
        }
    }

    private static let hugeChunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
}
