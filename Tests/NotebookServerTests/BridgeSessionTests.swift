// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization
import Testing

@testable import NotebookServer

/// The buffer a kernel websocket's channels keep while their client is away.
struct BridgeSessionTests {
    private static func message(bytes: Int) -> ChannelMessage {
        ChannelMessage(
            channel: "iopub",
            parts: [ByteBuffer(string: "{\"msg_type\":\"stream\"}"), ByteBuffer(string: "{}"), ByteBuffer(string: "{}")],
            buffers: [ByteBuffer(repeating: 0x61, count: bytes)]
        )
    }

    @Test func detachedSessionBuffersWithoutWriting() async {
        let session = BridgeSession.detached()
        let writes = Mutex(0)
        for _ in 0..<3 {
            await session.deliver(Self.message(bytes: 10)) { _, _, _ in writes.withLock { $0 += 1 } }
        }
        #expect(writes.withLock { $0 } == 0)
        #expect(session.bufferedCount == 3)
        #expect(session.current == nil)
        #expect(!session.overflowed)
    }

    @Test func overflowDropsTheBufferAndEndsTheSession() async {
        let session = BridgeSession.detached()
        await session.deliver(Self.message(bytes: 1000)) { _, _, _ in }
        #expect(session.bufferedCount == 1)
        await session.deliver(Self.message(bytes: BridgeSession.bufferLimit)) { _, _, _ in }
        #expect(session.overflowed)
        #expect(session.bufferedCount == 0)
        // Ended: nobody can attach any more, and later messages are not kept.
        #expect(await session.nextAttachment() == nil)
        await session.deliver(Self.message(bytes: 10)) { _, _, _ in }
        #expect(session.bufferedCount == 0)
    }

    @Test func endedSessionHasNoNextAttachment() async {
        let session = BridgeSession.detached()
        session.end()
        #expect(await session.nextAttachment() == nil)
    }
}
