// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the ZMTP parser and handshake state machine. Built by
// scripts/fuzz-zmtp.sh together with the standard-library-only files in Sources/ZMTP/Parser and
// Sources/ZMTP/StateMachines (no NIO), so it compiles in seconds.
//
// The first input byte picks a mode for the rest of the input:
//   0 mod 4: raw traffic from the greeting state (garbage greetings);
//   odd:     a valid greeting is prepended, so the rest exercises frames and commands;
//   2 mod 4: one command body (name size, name, data), parsed and viewed as a typed command.
// Each input is parsed twice, all at once and in chunks of 1-7 bytes; any difference traps, as
// does any crash inside the parser. Every parsed unit is also fed to a handshake state machine
// (as a ROUTER), as the NIO handshake handler would, and commands are re-encoded and re-parsed.

/// One observable step of a parse.
private enum Event: Equatable {
    case greeting(ZMTPGreeting)
    case command(ZMTPCommand, ZMTPCommand.Kind?)
    case frame(more: Bool, body: [UInt8])
    case inbound(ZMTPHandshakeStateMachine.InboundAction)
    case frameAction(ZMTPHandshakeStateMachine.FrameAction, ZMTPHandshakeStateMachine.OutboundAction)
    case failure(ZMTPError)
}

/// Parses `input` fed in chunks of `chunk` bytes (0 = all at once) and returns the events.
private func transcript(of input: [UInt8], chunk: Int) -> [Event] {
    var parser = ZMTPParser(limits: ZMTPParserLimits(maximumFrameLength: 1 << 16, maximumCommandLength: 1024))
    var machine = ZMTPHandshakeStateMachine(local: .init(socketType: .router, identity: [], version: .v3_1))
    _ = machine.start()
    var source = ZMTPArrayByteSource([])
    var fed = 0
    var events: [Event] = []
    while true {
        let next = chunk == 0 ? input.count : min(input.count, fed + chunk)
        source.bytes.append(contentsOf: input[fed..<next])
        fed = next
        do {
            while let unit = try parser.parseStep(&source) {
                switch unit {
                case .greeting(let greeting):
                    events.append(.greeting(greeting))
                    events.append(.inbound(machine.receivedGreeting(greeting)))
                case .command(let command):
                    if command.name.utf8.allSatisfy({ $0 < 0x80 }) {  // names are decoded leniently
                        precondition(command == (try? ZMTPCommand(body: command.body)), "command body does not round-trip")
                    }
                    events.append(.command(command, try? command.kind()))
                    events.append(.inbound(machine.receivedCommand(command)))
                case .frame(let more, let body):
                    events.append(.frame(more: more, body: Array(body)))
                    let action = machine.receivedFrame()
                    events.append(.frameAction(action, machine.sendingMessage(frameCount: 1, firstByte: body.first)))
                }
            }
        } catch {
            events.append(.failure(error))
            return events
        }
        if fed == input.count { return events }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func zmtpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let raw = Array(UnsafeBufferPointer(start: data, count: size))
    if raw[0] % 4 == 2 {
        if let command = try? ZMTPCommand(body: Array(raw.dropFirst())) {
            _ = try? command.kind()
        }
        return 0
    }
    let input = raw[0] & 1 == 0 ? Array(raw.dropFirst()) : ZMTPGreeting().bytes + raw.dropFirst()
    let whole = transcript(of: input, chunk: 0)
    let pieces = transcript(of: input, chunk: 1 + Int(raw[0] >> 1) % 7)
    precondition(whole == pieces, "chunked parsing differs from whole parsing")
    // Names are decoded leniently (lossy UTF-8), so only ASCII names must survive re-encoding.
    if let metadata = try? ZMTPMetadata(parsing: Array(raw.dropFirst())),
        metadata.properties.allSatisfy({ $0.name.utf8.allSatisfy { $0 < 0x80 } })
    {
        precondition(metadata.bytes == Array(raw.dropFirst()), "metadata does not round-trip")
    }
    return 0
}
