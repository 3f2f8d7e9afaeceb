// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// A non-negative integer of any size, built digit by digit (`multiply(by:adding:)`), for reading
/// the integers Python and PyYAML accept (binary, octal, hexadecimal, sexagesimal, long decimal)
/// into a `JSONNumber` without losing digits.
struct UnboundedInteger {
    /// Base 10⁹ limbs, least significant first.
    private var limbs: [UInt32] = [0]
    private static let limbBase: UInt64 = 1_000_000_000

    /// `self = self * factor + addend`.
    mutating func multiply(by factor: UInt32, adding addend: UInt32) {
        var carry = UInt64(addend)
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(product % Self.limbBase)
            carry = product / Self.limbBase
        }
        while carry > 0 {
            limbs.append(UInt32(carry % Self.limbBase))
            carry /= Self.limbBase
        }
    }

    /// `self = self * factor + addend` for an unbounded addend.
    mutating func multiply(by factor: UInt32, adding addend: UnboundedInteger) {
        multiply(by: factor, adding: 0)
        var carry: UInt64 = 0
        for i in 0..<max(limbs.count, addend.limbs.count) {
            if i == limbs.count { limbs.append(0) }
            let sum = UInt64(limbs[i]) + UInt64(i < addend.limbs.count ? addend.limbs[i] : 0) + carry
            limbs[i] = UInt32(sum % Self.limbBase)
            carry = sum / Self.limbBase
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    /// The decimal digits, without leading zeros.
    var decimalDigits: String {
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    /// The number with a sign: `.int` when it fits in `Int`, else `.bigInteger`; zero is never negative.
    func number(negative: Bool) -> JSONNumber {
        let digits = decimalDigits
        let signed = negative && digits != "0" ? "-" + digits : digits
        if let value = Int(signed) { return .int(value) }
        return .bigInteger(signed)
    }
}
