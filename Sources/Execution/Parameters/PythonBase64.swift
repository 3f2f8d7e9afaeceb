// SPDX-License-Identifier: Apache-2.0

/// Python's `base64.b64decode(text)` (non-strict `binascii.a2b_base64`), which papermill applies to
/// `-b` values: characters outside the alphabet are skipped, decoding stops at the padding that
/// completes a quantum, and a final partial quantum is an error.
enum PythonBase64 {
    /// Why a text is not base64, in Python's words.
    struct Problem: Error {
        let message: String
    }

    /// The decoded bytes, or Python's error.
    static func decode(_ text: String) -> Result<[UInt8], Problem> {
        guard text.unicodeScalars.allSatisfy(\.isASCII) else {
            return .failure(Problem(message: "string argument should contain only ASCII characters"))
        }
        var out: [UInt8] = []
        var quadPosition = 0
        var pads = 0
        var left: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                if quadPosition >= 2 {
                    pads += 1
                    if quadPosition + pads >= 4 { return .success(out) }
                }
                continue
            }
            guard let value = sextet(byte) else { continue }
            pads = 0
            switch quadPosition {
            case 0: left = value
            case 1:
                out.append(left << 2 | value >> 4)
                left = value & 0x0F
            case 2:
                out.append(left << 4 | value >> 2)
                left = value & 0x03
            default:
                out.append(left << 6 | value)
                left = 0
            }
            quadPosition = (quadPosition + 1) % 4
        }
        switch quadPosition {
        case 0: return .success(out)
        case 1:
            let count = out.count / 3 * 4 + 1
            return .failure(
                Problem(
                    message:
                        "Invalid base64-encoded string: number of data characters (\(count)) cannot be 1 more than a multiple of 4"
                )
            )
        default: return .failure(Problem(message: "Incorrect padding"))
        }
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
