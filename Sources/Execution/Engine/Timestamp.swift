// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UTC instant with microsecond precision, formatted the ways papermill and nbclient write
/// times into notebooks.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Microseconds since the Unix epoch.
    public var microseconds: Int64

    /// An instant, in microseconds since the Unix epoch.
    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The current time from the system's real-time clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }

    /// Orders instants by time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// Seconds from `start` to this instant, as papermill's `duration` (a float).
    public func seconds(since start: Timestamp) -> Double {
        Double(microseconds - start.microseconds) / 1_000_000
    }

    /// Python's `datetime.now(timezone.utc).isoformat()`: `2026-11-21T22:20:52.017250+00:00`
    /// (no fraction when the microseconds are zero, as Python writes it). papermill 2.7's format.
    public var papermillString: String {
        let micros = Int(microseconds.remainder(dividingBy: 1_000_000))
        let base = dateTime
        return micros == 0 ? base + "+00:00" : base + "." + digits(micros, 6) + "+00:00"
    }

    /// nbclient's `%Y-%m-%dT%H:%M:%S.%fZ`: always six fraction digits and `Z`.
    public var nbclientString: String {
        dateTime + "." + digits(Int(microseconds.remainder(dividingBy: 1_000_000)), 6) + "Z"
    }

    /// Parses an ISO 8601 date-time as kernels write message dates (`2026-11-21T22:20:52.027002Z`,
    /// an offset such as `+01:00`, or none, meaning UTC); nil if it is not one.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 32,
            bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var scale = 100_000
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                micros += Int(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            if bytes[index] == 90 {  // Z
                index += 1
            } else if bytes[index] == 43 || bytes[index] == 45, let hours = number(index + 1, 2) {
                let minutesStart = index + 3 < bytes.count && bytes[index + 3] == 58 ? index + 4 : index + 3
                guard let minutes = number(minutesStart, 2) else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == 45 ? -1 : 1)
                index = minutesStart + 2
            } else {
                return nil
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offsetSeconds)
        microseconds = seconds * 1_000_000 + Int64(micros)
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC.
    private var dateTime: String {
        var seconds = time_t(microseconds.dividedRoundingDown(by: 1_000_000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return digits(Int(parts.tm_year) + 1900, 4) + "-" + digits(Int(parts.tm_mon) + 1, 2) + "-"
            + digits(Int(parts.tm_mday), 2) + "T" + digits(Int(parts.tm_hour), 2) + ":"
            + digits(Int(parts.tm_min), 2) + ":" + digits(Int(parts.tm_sec), 2)
    }
}

extension Duration {
    /// The duration in seconds, as papermill's and the grid's `duration` floats.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Int64 {
    /// Floor division, so instants before the epoch format correctly.
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    /// The non-negative remainder of floor division.
    fileprivate func remainder(dividingBy divisor: Int64) -> Int64 {
        let rest = self % divisor
        return rest < 0 ? rest + divisor : rest
    }
}

/// `value` in decimal, left-padded with zeros to `width`.
private func digits(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
