// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ZMTP

/// The bounded merge queue behind ROUTER, REP and XPUB.
struct ZMTPInboundQueueTests {
    @Test func deliversInOrderAndEndsAfterFinish() async throws {
        let queue = ZMTPInboundQueue<Int>(capacity: 4)
        for value in 0..<3 { try await queue.push(value) }
        queue.finish()
        var values: [Int] = []
        for await value in queue { values.append(value) }
        #expect(values == [0, 1, 2])
        await #expect(throws: ZMTPError.self) { try await queue.push(9) }
    }

    @Test func producersWaitWhileFullAndResumeInOrder() async throws {
        let queue = ZMTPInboundQueue<Int>(capacity: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for value in 0..<100 { try await queue.push(value) }
                queue.finish()
            }
            var values: [Int] = []
            for await value in queue { values.append(value) }
            #expect(values == Array(0..<100))
            try await group.waitForAll()
        }
    }

    @Test func manyProducersLoseNothing() async throws {
        let queue = ZMTPInboundQueue<Int>(capacity: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<8 {
                group.addTask {
                    for value in 0..<50 { try await queue.push(producer * 1000 + value) }
                }
            }
            var values: [Int] = []
            for await value in queue {
                values.append(value)
                if values.count == 400 { break }
            }
            try await group.waitForAll()
            #expect(Set(values).count == 400)
            for producer in 0..<8 {
                #expect(values.filter { $0 / 1000 == producer } == (0..<50).map { producer * 1000 + $0 })
            }
        }
    }

    @Test func cancellingAWaitingProducerOrConsumerReturns() async throws {
        let queue = ZMTPInboundQueue<Int>(capacity: 1)
        try await queue.push(1)
        let blocked = Task { try await queue.push(2) }
        blocked.cancel()
        await #expect(throws: CancellationError.self) { try await blocked.value }

        let empty = ZMTPInboundQueue<Int>(capacity: 1)
        let waiting = Task { await empty.next() }
        waiting.cancel()
        #expect(await waiting.value == nil)
    }

    @Test func finishWakesAWaitingConsumer() async {
        let queue = ZMTPInboundQueue<Int>(capacity: 1)
        await withTaskGroup(of: Int?.self) { group in
            group.addTask { await queue.next() }
            group.addTask {
                queue.finish()
                return -1
            }
            var results: [Int?] = []
            for await result in group { results.append(result) }
            #expect(results.contains { $0 == nil })
        }
    }
}
