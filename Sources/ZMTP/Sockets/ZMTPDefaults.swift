// SPDX-License-Identifier: Apache-2.0

public import Logging
import NIOCore
import NIOPosix

/// The module's defaults for loggers and event loops.
public enum ZMTPDefaults {
    /// A logger labelled `quire.zmtp`.
    public static var logger: Logger { Logger(label: "quire.zmtp") }

    /// `group`, or NIO's shared event loop group when nil.
    static func eventLoopGroup(_ group: (any EventLoopGroup)?) -> any EventLoopGroup {
        group ?? MultiThreadedEventLoopGroup.singleton
    }

    /// Throws `.invalidArgument` unless `identity` is nil or a libzmq-valid routing identity:
    /// at most 255 bytes, not starting with 0x00 (reserved for generated identities).
    static func validate(identity: [UInt8]?) throws {
        guard let identity, !identity.isEmpty else { return }
        guard identity.count <= 255, identity[0] != 0 else {
            throw ZMTPError(.invalidArgument, "a routing identity must be 1-255 bytes and not start with 0x00")
        }
    }
}
