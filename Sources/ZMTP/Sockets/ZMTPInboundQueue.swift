// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization

/// A bounded, many-producer, single-consumer async queue merging the inbound messages of all
/// peers of a bound socket (ROUTER, REP, XPUB).
///
/// Slow-consumer policy: backpressure, never drops. When `capacity` elements are waiting, a
/// producer (one peer's reader) suspends in ``push(_:)``; that peer's NIO channel then stops
/// reading, so the peer sees TCP backpressure and its own high-water mark, as with libzmq.
public final class ZMTPInboundQueue<Element: Sendable>: AsyncSequence, Sendable {
    /// The queue's elements in arrival order.
    public typealias AsyncIterator = Iterator

    private struct Waiter {
        var id: UInt64
        var element: Element
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var buffer = CircularBuffer<Element>()
        var producers = CircularBuffer<Waiter>()
        var consumer: (id: UInt64, continuation: CheckedContinuation<Element?, Never>)?
        var finished = false
        var nextID: UInt64 = 0
        var cancelledIDs: Set<UInt64> = []
    }

    private enum PushOutcome { case done, resume(CheckedContinuation<Element?, Never>), wait(UInt64), closed }
    private enum Registration { case cancelled, closed, handedOff(CheckedContinuation<Element?, Never>), buffered, waiting }
    private enum NextOutcome { case element(Element, Waiter?), finished, wait(UInt64) }

    private let capacity: Int
    private let state = Mutex(State())

    /// A queue holding at most `capacity` waiting elements (at least 1).
    public init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
    }

    /// Adds an element, suspending while the queue is full.
    /// - Throws: `CancellationError` if the task is cancelled while waiting, or
    ///   `ZMTPError.connectionClosed` if the queue was finished.
    public func push(_ element: Element) async throws {
        let outcome: PushOutcome = state.withLock { state in
            if state.finished { return .closed }
            if let consumer = state.consumer {
                state.consumer = nil
                return .resume(consumer.continuation)
            }
            if state.buffer.count < capacity {
                state.buffer.append(element)
                return .done
            }
            state.nextID += 1
            return .wait(state.nextID)
        }
        switch outcome {
        case .done:
            return
        case .closed:
            throw ZMTPError(.connectionClosed, "the socket is closed")
        case .resume(let continuation):
            continuation.resume(returning: element)
        case .wait(let id):
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    // Re-check: the consumer may have made room or started waiting meanwhile.
                    let registration = state.withLock { state -> Registration in
                        if state.cancelledIDs.remove(id) != nil { return .cancelled }
                        if state.finished { return .closed }
                        if let consumer = state.consumer {
                            state.consumer = nil
                            return .handedOff(consumer.continuation)
                        }
                        if state.buffer.count < capacity {
                            state.buffer.append(element)
                            return .buffered
                        }
                        state.producers.append(Waiter(id: id, element: element, continuation: continuation))
                        return .waiting
                    }
                    switch registration {
                    case .cancelled: continuation.resume(throwing: CancellationError())
                    case .closed: continuation.resume(throwing: ZMTPError(.connectionClosed, "the socket is closed"))
                    case .handedOff(let consumer):
                        consumer.resume(returning: element)
                        continuation.resume()
                    case .buffered: continuation.resume()
                    case .waiting: break
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state -> Waiter? in
                    if let index = state.producers.firstIndex(where: { $0.id == id }) {
                        return state.producers.remove(at: index)
                    }
                    state.cancelledIDs.insert(id)
                    return nil
                }
                waiter?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Takes the next element, suspending while the queue is empty.
    /// - Returns: nil once the queue is finished and drained, or if the task is cancelled.
    public func next() async -> Element? {
        let outcome: NextOutcome = state.withLock { state in
            if let element = state.buffer.popFirst() {
                let waiter = state.producers.popFirst()
                if let waiter { state.buffer.append(waiter.element) }
                return .element(element, waiter)
            }
            if state.finished { return .finished }
            state.nextID += 1
            return .wait(state.nextID)
        }
        switch outcome {
        case .element(let element, let waiter):
            waiter?.continuation.resume()
            return element
        case .finished:
            return nil
        case .wait(let id):
            return await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                    // Re-check: a producer may have added an element meanwhile.
                    let (ready, waiter) = state.withLock { state -> (Element??, Waiter?) in
                        if let element = state.buffer.popFirst() {
                            let waiter = state.producers.popFirst()
                            if let waiter { state.buffer.append(waiter.element) }
                            return (.some(element), waiter)
                        }
                        if state.cancelledIDs.remove(id) != nil || state.finished { return (.some(nil), nil) }
                        state.consumer = (id, continuation)
                        return (nil, nil)
                    }
                    waiter?.continuation.resume()
                    if let ready { continuation.resume(returning: ready) }
                }
            } onCancel: {
                let consumer = state.withLock { state -> CheckedContinuation<Element?, Never>? in
                    if let consumer = state.consumer, consumer.id == id {
                        state.consumer = nil
                        return consumer.continuation
                    }
                    state.cancelledIDs.insert(id)
                    return nil
                }
                consumer?.resume(returning: nil)
            }
        }
    }

    /// Ends the queue: waiting producers fail, the consumer gets the remaining elements, then nil.
    public func finish() {
        let (producers, consumer) = state.withLock { state in
            state.finished = true
            let producers = Array(state.producers)
            state.producers.removeAll()
            let consumer = state.buffer.isEmpty ? state.consumer : nil
            if consumer != nil { state.consumer = nil }
            return (producers, consumer)
        }
        for producer in producers {
            producer.continuation.resume(throwing: ZMTPError(.connectionClosed, "the socket is closed"))
        }
        consumer?.continuation.resume(returning: nil)
    }

    /// An iterator over the queue (there should be only one consumer at a time).
    public func makeAsyncIterator() -> Iterator {
        Iterator(queue: self)
    }

    /// Iterates a ``ZMTPInboundQueue``.
    public struct Iterator: AsyncIteratorProtocol {
        let queue: ZMTPInboundQueue<Element>

        /// The next element, or nil at the end.
        public mutating func next() async -> Element? {
            await queue.next()
        }
    }
}
