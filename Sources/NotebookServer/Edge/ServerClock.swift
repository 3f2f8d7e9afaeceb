// SPDX-License-Identifier: Apache-2.0

import Contents

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The wall clock, as the timestamps jupyter_server reports (`2026-11-21T22:23:11.046235Z`).
enum ServerClock {
    /// Now, with microseconds.
    static func now() -> ContentsTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return ContentsTimestamp(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
    }
}
