// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A wall-clock time to the microsecond, with a UTC offset when it is aware (Python's `datetime`).
public struct CivilTime: Sendable, Equatable {
    /// Calendar and clock fields.
    public var year, month, day, hour, minute, second, microsecond: Int
    /// Seconds east of UTC for an aware time, `nil` for a naive one.
    public var utcOffset: Int?

    /// A time from its fields.
    public init(
        year: Int,
        month: Int,
        day: Int,
        hour: Int = 0,
        minute: Int = 0,
        second: Int = 0,
        microsecond: Int = 0,
        utcOffset: Int? = nil
    ) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.microsecond) = (hour, minute, second, microsecond)
        self.utcOffset = utcOffset
    }

    /// `str(datetime)`: `2026-11-21 22:20:52.017250`, microseconds only when non-zero, `+00:00` when aware.
    public var pythonString: String {
        var text = "\(pad(year, 4))-\(pad(month))-\(pad(day)) \(pad(hour)):\(pad(minute)):\(pad(second))"
        if microsecond != 0 { text += ".\(pad(microsecond, 6))" }
        if let utcOffset {
            let minutes = abs(utcOffset) / 60
            text += (utcOffset < 0 ? "-" : "+") + "\(pad(minutes / 60)):\(pad(minutes % 60))"
        }
        return text
    }

    /// `repr(datetime)`: `datetime.datetime(2026, 11, 21, 22, 20, 52, 17250)`, trailing zero
    /// fields dropped, `tzinfo=datetime.timezone.utc` when aware at UTC.
    public var pythonRepr: String {
        var fields = [year, month, day, hour, minute, second, microsecond]
        for _ in 0..<2 where fields.last == 0 { fields.removeLast() }
        var text = "datetime.datetime(" + fields.map(String.init).joined(separator: ", ")
        if let utcOffset {
            text +=
                utcOffset == 0
                ? ", tzinfo=datetime.timezone.utc"
                : ", tzinfo=datetime.timezone(datetime.timedelta(seconds=\(utcOffset)))"
        }
        return text + ")"
    }

    /// `datetime.strftime(format)`: `%f`, `%z` and `%Z` as Python fills them, the rest by C's strftime.
    public func strftime(_ format: String) -> String {
        var expanded = ""
        var scalars = format.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            guard c == "%" else { expanded.unicodeScalars.append(c); continue }
            guard let directive = scalars.next() else { expanded += "%"; break }
            switch directive {
            case "f": expanded += pad(microsecond, 6)
            case "z":
                if let utcOffset {
                    let minutes = abs(utcOffset) / 60
                    expanded += (utcOffset < 0 ? "-" : "+") + pad(minutes / 60) + pad(minutes % 60)
                }
            case "Z": if let utcOffset { expanded += utcOffset == 0 ? "UTC" : "" }
            default: expanded += "%" + String(directive)
            }
        }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month - 1)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        var copy = fields
        _ = timegm(&copy)  // fills in the weekday and the day of the year
        fields.tm_wday = copy.tm_wday
        fields.tm_yday = copy.tm_yday
        fields.tm_isdst = -1
        var buffer = [CChar](repeating: 0, count: 1024 + expanded.utf8.count * 8)
        let count = cStrftime(&buffer, expanded, &fields)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// C's `strftime` into `buffer`; the number of bytes written.
private func cStrftime(_ buffer: inout [CChar], _ format: String, _ fields: inout tm) -> Int {
    strftime(&buffer, buffer.count, format, &fields)
}

/// The `pm` values papermill adds to the parameters when it formats the input and output paths:
/// a run id (`str(uuid4())`) and the local and UTC times of the run.
public struct PapermillBuiltins: Sendable, Equatable {
    /// `pm[run_uuid]`.
    public var runUUID: String
    /// `pm[current_datetime_local]` (naive).
    public var localTime: CivilTime
    /// `pm[current_datetime_utc]` (aware, UTC).
    public var utcTime: CivilTime

    /// Built-ins with the given values.
    public init(runUUID: String, localTime: CivilTime, utcTime: CivilTime) {
        self.runUUID = runUUID
        self.localTime = localTime
        self.utcTime = utcTime
    }

    /// Built-ins for a run starting now, with a new random UUID.
    public static func now() -> PapermillBuiltins {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        var seconds = clock.tv_sec
        let microsecond = Int(clock.tv_nsec / 1000)
        var local = tm()
        var utc = tm()
        localtime_r(&seconds, &local)
        gmtime_r(&seconds, &utc)
        func civil(_ t: tm, offset: Int?) -> CivilTime {
            CivilTime(
                year: Int(t.tm_year) + 1900,
                month: Int(t.tm_mon) + 1,
                day: Int(t.tm_mday),
                hour: Int(t.tm_hour),
                minute: Int(t.tm_min),
                second: Int(t.tm_sec),
                microsecond: microsecond,
                utcOffset: offset
            )
        }
        return PapermillBuiltins(
            runUUID: randomUUID(),
            localTime: civil(local, offset: nil),
            utcTime: civil(utc, offset: 0)
        )
    }

    /// A random (version 4) UUID in its canonical lower-case form.
    static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
