// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// A multiset of subscription topics with prefix matching, as SUB and PUB sockets keep it.
///
/// Subscribing twice to a topic needs two cancels to remove it (libzmq semantics). A message
/// matches when some topic is a prefix of its first frame; the empty topic matches everything.
public struct ZMTPSubscriptions: Sendable, Hashable {
    private var counts: [[UInt8]: Int] = [:]

    /// No subscriptions.
    public init() {}

    /// The distinct topics subscribed to.
    public var topics: [[UInt8]] { Array(counts.keys) }

    /// Whether nothing is subscribed.
    public var isEmpty: Bool { counts.isEmpty }

    /// Adds one subscription to `topic`.
    public mutating func add(_ topic: [UInt8]) {
        counts[topic, default: 0] += 1
    }

    /// Removes one subscription to `topic`; returns false if there was none.
    @discardableResult
    public mutating func remove(_ topic: [UInt8]) -> Bool {
        guard let count = counts[topic] else { return false }
        counts[topic] = count > 1 ? count - 1 : nil
        return true
    }

    /// Whether a message whose first frame is `frame` matches a subscription.
    public func matches(_ frame: ByteBuffer) -> Bool {
        for topic in counts.keys {
            if topic.isEmpty { return true }
            if topic.count <= frame.readableBytes,
                frame.readableBytesView.prefix(topic.count).elementsEqual(topic)
            {
                return true
            }
        }
        return false
    }

    /// Applies a 3.0 subscription message (a frame starting 0x01 subscribe or 0x00 cancel).
    /// - Returns: false if `message` is not a subscription message.
    @discardableResult
    public mutating func apply(_ message: ZMTPMessage) -> Bool {
        guard let (subscribe, topic) = Self.parse(message) else { return false }
        if subscribe { add(topic) } else { remove(topic) }
        return true
    }

    /// The (subscribe?, topic) of a 3.0 subscription message, or nil if it is not one.
    public static func parse(_ message: ZMTPMessage) -> (subscribe: Bool, topic: [UInt8])? {
        guard message.count == 1, let first = message[0].getInteger(at: message[0].readerIndex, as: UInt8.self), first <= 1 else {
            return nil
        }
        return (first == 1, Array(message[0].readableBytesView.dropFirst()))
    }

    /// The 3.0 subscription message for `topic` (0x01 + topic, or 0x00 + topic to cancel).
    public static func message(subscribe: Bool, topic: [UInt8]) -> ZMTPMessage {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(topic.count + 1)
        buffer.writeInteger(UInt8(subscribe ? 1 : 0))
        buffer.writeBytes(topic)
        return ZMTPMessage(buffer)
    }
}
