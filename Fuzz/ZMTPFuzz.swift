// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the ZMTP parser. Built by scripts/fuzz-zmtp.sh together with the
// standard-library-only files in Sources/ZMTP/Parser (no NIO), so it compiles in seconds.
//
// The first input byte picks a mode; the rest is fed to the parser:
//   even: raw bytes from the greeting state (garbage greetings);
//   odd:  a valid greeting is prepended, so the rest exercises frames and commands.
// Each input is parsed twice, all at once and in small chunks; any difference traps, as does
// any crash inside the parser.

/// Parses `input` fed in chunks of `chunk` bytes (0 = all at once) and returns a transcript.
private func transcript(of input: [UInt8], chunk: Int) -> [String] {
    var parser = ZMTPParser(limits: ZMTPParserLimits(maximumFrameLength: 1 << 16, maximumCommandLength: 1024))
    var source = ZMTPArrayByteSource([])
    var fed = 0
    var out: [String] = []
    while true {
        let next = chunk == 0 ? input.count : min(input.count, fed + chunk)
        source.bytes.append(contentsOf: input[fed..<next])
        fed = next
        do {
            while let unit = try parser.parseStep(&source) {
                out.append(describe(unit))
            }
        } catch {
            out.append("error \(error)")
            return out
        }
        if fed == input.count { return out }
    }
}

/// A comparable description of a unit, also exercising the typed command views.
private func describe(_ unit: ZMTPParsedUnit<ArraySlice<UInt8>>) -> String {
    switch unit {
    case .greeting(let greeting):
        return "greeting \(greeting.version) \(greeting.mechanism) \(greeting.asServer)"
    case .command(let command):
        let kind = (try? command.kind()).map { "\($0)" } ?? "malformed"
        precondition(command == (try? ZMTPCommand(body: command.body)), "command body does not round-trip")
        return "command \(command.name) \(command.data) \(kind)"
    case .frame(let more, let body):
        return "frame \(more) \(Array(body))"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func zmtpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let raw = Array(UnsafeBufferPointer(start: data, count: size))
    let input = raw[0] & 1 == 0 ? Array(raw.dropFirst()) : ZMTPGreeting().bytes + raw.dropFirst()
    let whole = transcript(of: input, chunk: 0)
    let pieces = transcript(of: input, chunk: 1 + Int(raw[0] >> 1) % 7)
    precondition(whole == pieces, "chunked parsing differs from whole parsing")
    _ = try? ZMTPMetadata(parsing: Array(raw.dropFirst()))
    return 0
}
