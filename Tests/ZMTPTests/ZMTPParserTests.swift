// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
@testable import ZMTP

/// The NIO-free parser: greeting, frames, commands, limits, and violations.
struct ZMTPParserTests {
    private let limits = ZMTPParserLimits(maximumFrameLength: 1 << 20, maximumCommandLength: 1024)

    /// Parses `bytes` all at once; returns the units and the error, if any.
    private func parse(_ bytes: [UInt8], limits: ZMTPParserLimits? = nil) -> (units: [String], error: ZMTPError?) {
        var parser = ZMTPParser(limits: limits ?? self.limits)
        var source = ZMTPArrayByteSource(bytes)
        var units: [String] = []
        do {
            while let unit = try parser.parseStep(&source) {
                switch unit {
                case .greeting(let greeting): units.append("greeting \(greeting.version) \(greeting.mechanism)")
                case .command(let command): units.append("command \(command.name) \(command.data.count)")
                case .frame(let more, let body): units.append("frame \(more ? "more " : "")\(String(decoding: body, as: UTF8.self))")
                }
            }
            return (units, nil)
        } catch {
            return (units, error)
        }
    }

    @Test func parsesGreetingCommandsAndFrames() {
        let bytes = Wire.greeting() + Wire.ready(socketType: "ROUTER", identity: "") + Wire.frame("a", more: true) + Wire.frame("")
            + Wire.frame("bc")
        let result = parse(bytes)
        #expect(result.error == nil)
        #expect(result.units == ["greeting 3.1 NULL", "command READY 35", "frame more a", "frame ", "frame bc"])
    }

    @Test func acceptsLongFramesOfAnySizeAndShortFramesUpTo255() {
        let long = [UInt8](repeating: 0x41, count: 70_000)
        let bytes = Wire.greeting() + Wire.frame(Array("x".utf8), forceLong: true) + Wire.frame([UInt8](repeating: 0x42, count: 255))
            + Wire.frame(long)
        let result = parse(bytes)
        #expect(result.error == nil)
        #expect(result.units.count == 4)
        #expect(result.units[1] == "frame x")
        #expect(result.units[3].count == "frame ".count + 70_000)
    }

    @Test func needsMoreBytesWithoutConsumingPartialGreeting() throws {
        var parser = ZMTPParser(limits: limits)
        var source = ZMTPArrayByteSource(Array(Wire.greeting().prefix(63)))
        #expect(try parser.parseStep(&source) == nil)
        #expect(source.position == 0)
        source.bytes.append(0)
        guard case .greeting = try parser.parseStep(&source) else {
            Issue.record("expected the greeting")
            return
        }
        #expect(source.position == 64)
    }

    @Test(arguments: [
        (Array("GET / HTTP/1.1\r\n".utf8), ZMTPError.Code.invalidGreeting),
        ([0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7E], .invalidGreeting),
        (Array(Wire.greeting(major: 2).prefix(11)), .unsupportedVersion),
        (Wire.greeting(mechanism: "nul"), .invalidGreeting),
        (Array(Wire.greeting().prefix(12)) + [UInt8](repeating: 0, count: 52), .invalidGreeting),
    ])
    func rejectsBadGreetingsAsSoonAsTheBadByteArrives(bytes: [UInt8], code: ZMTPError.Code) {
        #expect(parse(bytes).error?.code == code)
    }

    @Test func rejectsOversizedLengthsBeforeAnyBodyArrives() {
        let huge = Wire.greeting() + [0x02] + Wire.bigEndian(UInt64.max, width: 8)
        #expect(parse(huge).error?.code == .frameTooLarge)
        let overLimit = Wire.greeting() + [0x02] + Wire.bigEndian(1 << 20 + 1, width: 8)
        #expect(parse(overLimit).error?.code == .frameTooLarge)
        let atLimit = Wire.greeting() + [0x02] + Wire.bigEndian(1 << 20, width: 8)
        #expect(parse(atLimit).error == nil)
        let command = Wire.greeting() + [0x06] + Wire.bigEndian(1025, width: 8)
        #expect(parse(command).error?.code == .frameTooLarge)
    }

    @Test(arguments: [[0x08, 0x00], [0x05, 0x01, 0x00], [0x80, 0x00]] as [[UInt8]])
    func rejectsReservedOrContradictoryFlags(frame: [UInt8]) {
        #expect(parse(Wire.greeting() + frame).error?.code == .invalidFrame)
    }

    @Test(arguments: [[0x04, 0x00], [0x04, 0x01, 0x00], [0x04, 0x03, 0x05, 0x52, 0x45]] as [[UInt8]])
    func rejectsTruncatedCommandNames(frame: [UInt8]) {
        #expect(parse(Wire.greeting() + frame).error?.code == .malformedCommand)
    }

    @Test func staysFailedAfterAViolation() {
        var parser = ZMTPParser(limits: limits)
        var source = ZMTPArrayByteSource([0x00])
        #expect(throws: ZMTPError.self) { try parser.parseStep(&source) }
        var good = ZMTPArrayByteSource(Wire.greeting())
        #expect(throws: ZMTPError.self) { try parser.parseStep(&good) }
    }

    @Test func parsesReadyMetadataCaseInsensitively() throws {
        let body = Wire.properties([("Socket-Type", "DEALER"), ("identity", "probe"), ("X-Extra", "")])
        let metadata = try ZMTPMetadata(parsing: body)
        #expect(metadata["socket-type"] == Array("DEALER".utf8))
        #expect(metadata["Identity"] == Array("probe".utf8))
        #expect(metadata["X-Extra"] == [])
        #expect(metadata["Missing"] == nil)
        #expect(metadata.bytes == body)
    }

    @Test(arguments: [
        [0x00],
        [0x05, 0x41, 0x42],
        [0x01, 0x41, 0x00, 0x00, 0x00, 0x05, 0x61],
        [0x01, 0x41, 0xFF, 0xFF, 0xFF, 0xFF],
    ] as [[UInt8]])
    func rejectsTruncatedMetadata(bytes: [UInt8]) {
        #expect(throws: ZMTPError.self) { try ZMTPMetadata(parsing: bytes) }
    }

    /// The DEALER READY from the hand-verified ipykernel capture (reference §7.3), byte for byte.
    @Test func readyCommandMatchesTheCapturedBytes() {
        var buffer = ByteBuffer()
        buffer.writeZMTPCommand(.ready(socketType: .dealer, identity: Array("probe-shell".utf8)))
        let expected: [UInt8] = [0x04, 0x34, 0x05] + Array("READY".utf8) + [0x0B] + Array("Socket-Type".utf8) + [0, 0, 0, 6]
            + Array("DEALER".utf8) + [0x08] + Array("Identity".utf8) + [0, 0, 0, 0x0B] + Array("probe-shell".utf8)
        #expect(Array(buffer.readableBytesView) == expected)
        var sub = ByteBuffer()
        sub.writeZMTPCommand(.ready(socketType: .sub))
        #expect(Array(sub.readableBytesView) == [0x04, 0x19, 0x05] + Array("READY".utf8) + [0x0B] + Array("Socket-Type".utf8) + [0, 0, 0, 3] + Array("SUB".utf8))
    }

    @Test func commandKindsRoundTrip() throws {
        #expect(try ZMTPCommand.ping(ttl: 300, context: [1, 2]).kind() == .ping(ttl: 300, context: [1, 2]))
        #expect(try ZMTPCommand.pong(context: [3]).kind() == .pong(context: [3]))
        #expect(try ZMTPCommand.subscribe(topic: [7]).kind() == .subscribe(topic: [7]))
        #expect(try ZMTPCommand.cancel(topic: []).kind() == .cancel(topic: []))
        #expect(try ZMTPCommand.error(reason: "no").kind() == .error(reason: "no"))
        #expect(try ZMTPCommand.error(reason: "").kind() == .error(reason: ""))
        #expect(try ZMTPCommand(name: "ERROR", data: [0]).kind() == .error(reason: ""))
        #expect(try ZMTPCommand(name: "HELLO").kind() == .other(name: "HELLO"))
        #expect(throws: ZMTPError.self) { try ZMTPCommand(name: "PING", data: [1]).kind() }
        #expect(throws: ZMTPError.self) { try ZMTPCommand(name: "ERROR", data: [9, 65]).kind() }
        let longContext = try ZMTPCommand(name: "PING", data: [0, 1] + [UInt8](repeating: 9, count: 40)).kind()
        #expect(longContext == .ping(ttl: 1, context: [UInt8](repeating: 9, count: 16)))
    }

    @Test func greetingBytesMatchTheSpecLayout() {
        #expect(ZMTPGreeting(version: .v3_0).bytes == Wire.greeting(minor: 0))
        #expect(ZMTPGreeting().bytes == Wire.greeting(minor: 1))
    }

    @Test func socketTypeCompatibilityFollowsTheSpecTable() {
        let pairs: Set<[String]> = [
            ["PAIR", "PAIR"], ["PUB", "SUB"], ["PUB", "XSUB"], ["XPUB", "SUB"], ["XPUB", "XSUB"], ["REQ", "REP"],
            ["REQ", "ROUTER"], ["REP", "DEALER"], ["DEALER", "DEALER"], ["DEALER", "ROUTER"], ["ROUTER", "ROUTER"],
            ["PUSH", "PULL"],
        ]
        for a in SocketType.allCases {
            for b in SocketType.allCases {
                let listed = pairs.contains([a.rawValue, b.rawValue]) || pairs.contains([b.rawValue, a.rawValue])
                #expect(a.isCompatible(with: b) == listed, "\(a) ↔ \(b)")
            }
        }
    }
}
