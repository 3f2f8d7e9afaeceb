// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The subscriber table and fan-out shared by ``PublisherSocket`` and ``XPublisherSocket``.
///
/// Slow-consumer policy: drop. A message is written to a subscriber only while its channel is
/// writable (less than ``ZMTPConfiguration/outboundBufferLimit`` bytes queued); otherwise it is
/// dropped for that subscriber alone, as libzmq PUB does at its send high-water mark.
final class ZMTPPublisherCore: Sendable {
    private struct Subscriber {
        var channel: any Channel
        var subscriptions = ZMTPSubscriptions()
    }

    private struct Waiter {
        var id: UInt64
        var minimum: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var nextToken: UInt64 = 0
        var waiters: [Waiter] = []
        var cancelledWaiters: Set<UInt64> = []

        var subscribedCount: Int { subscribers.values.count { !$0.subscriptions.isEmpty } }

        mutating func readyWaiters() -> [Waiter] {
            let count = subscribedCount
            let ready = waiters.filter { $0.minimum <= count }
            waiters.removeAll { $0.minimum <= count }
            return ready
        }
    }

    private let state = LockedBox(State())

    /// Adds a connected subscriber (with no subscriptions yet).
    func add(_ channel: any Channel) -> UInt64 {
        state.withLock { state in
            state.nextToken += 1
            state.subscribers[state.nextToken] = Subscriber(channel: channel)
            return state.nextToken
        }
    }

    /// Removes a subscriber that disconnected.
    func remove(_ token: UInt64) {
        state.withLock { state in state.subscribers[token] = nil }
    }

    /// Applies a subscription message from subscriber `token`.
    /// - Returns: false if the message is not a subscription message.
    func apply(_ message: ZMTPMessage, from token: UInt64) -> Bool {
        let (applied, ready) = state.withLock { state -> (Bool, [Waiter]) in
            guard state.subscribers[token]?.subscriptions.apply(message) == true else { return (false, []) }
            return (true, state.readyWaiters())
        }
        for waiter in ready { waiter.continuation.resume() }
        return applied
    }

    /// Writes `message` to every subscriber it matches that is not above its outbound limit.
    /// - Returns: how many subscribers it was written to.
    func publish(_ message: ZMTPMessage) -> Int {
        state.withLock { state in
            var written = 0
            for subscriber in state.subscribers.values where subscriber.subscriptions.matches(message[0]) {
                guard subscriber.channel.isWritable else { continue }
                subscriber.channel.writeAndFlush(message, promise: nil)
                written += 1
            }
            return written
        }
    }

    /// The number of subscribers with at least one subscription.
    var subscribedCount: Int { state.withLock { $0.subscribedCount } }

    /// Waits until at least `count` subscribers have at least one subscription (or cancellation).
    func waitForSubscribers(_ count: Int) async {
        let id = state.withLock { state -> UInt64? in
            if state.subscribedCount >= count { return nil }
            state.nextToken += 1
            return state.nextToken
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.cancelledWaiters.remove(id) != nil || state.subscribedCount >= count { return true }
                    state.waiters.append(Waiter(id: id, minimum: count, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index)
                }
                state.cancelledWaiters.insert(id)
                return nil
            }
            waiter?.continuation.resume()
        }
    }

    /// Serves one subscriber connection: tracks its subscriptions and hands every inbound
    /// message to `forward` (XPUB exposes them; PUB passes nil).
    func serve(_ connection: ZMTPConnection, forward: ZMTPInboundQueue<ZMTPMessage>?) async throws {
        try await connection.run { _, inbound, _ in
            let token = add(connection.channel.channel)
            defer { remove(token) }
            for try await message in inbound {
                _ = apply(message, from: token)
                try await forward?.push(message)
            }
        }
    }
}
