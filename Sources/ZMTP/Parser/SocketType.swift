// SPDX-License-Identifier: Apache-2.0

/// A ZeroMQ socket type, as named in the READY command's `Socket-Type` property.
///
/// The compatibility table is 23/ZMTP §"The Socket-Type Property": a peer whose type is not
/// compatible with ours gets an ERROR command and is disconnected.
public enum SocketType: String, Sendable, Hashable, CaseIterable {
    /// Exclusive pair.
    case pair = "PAIR"
    /// Publisher (fan-out to subscribers).
    case pub = "PUB"
    /// Subscriber.
    case sub = "SUB"
    /// Request (strict send/receive alternation).
    case req = "REQ"
    /// Reply (strict receive/send alternation).
    case rep = "REP"
    /// Dealer (asynchronous request side).
    case dealer = "DEALER"
    /// Router (asynchronous reply side, routes by identity).
    case router = "ROUTER"
    /// Pipeline pull.
    case pull = "PULL"
    /// Pipeline push.
    case push = "PUSH"
    /// Extended publisher (exposes subscriptions).
    case xpub = "XPUB"
    /// Extended subscriber.
    case xsub = "XSUB"

    /// The socket type named by a READY `Socket-Type` value, or nil for an unknown name.
    public init?(name: [UInt8]) {
        self.init(rawValue: String(decoding: name, as: UTF8.self))
    }

    /// Whether a socket of this type may talk to a peer of type `peer` (23/ZMTP).
    public func isCompatible(with peer: SocketType) -> Bool {
        switch self {
        case .pair: peer == .pair
        case .pub, .xpub: peer == .sub || peer == .xsub
        case .sub, .xsub: peer == .pub || peer == .xpub
        case .req: peer == .rep || peer == .router
        case .rep: peer == .req || peer == .dealer
        case .dealer: peer == .rep || peer == .dealer || peer == .router
        case .router: peer == .req || peer == .dealer || peer == .router
        case .pull: peer == .push
        case .push: peer == .pull
        }
    }
}
