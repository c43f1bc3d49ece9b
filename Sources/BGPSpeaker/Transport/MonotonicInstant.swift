/// A point on the event loop's clock: `CLOCK_MONOTONIC`, which never jumps with wall-clock changes,
/// so timers (hold, keepalive, connect-retry; RFC 4271 §10) measure real elapsed time.
///
/// Only differences between instants mean anything; the origin is the kernel's boot-time epoch.
public struct MonotonicInstant: Sendable, Hashable, Comparable {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: UInt64

    /// Wraps a nanosecond count of `CLOCK_MONOTONIC`.
    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The current instant (`clock_gettime(CLOCK_MONOTONIC)`).
    public static var now: MonotonicInstant { MonotonicInstant(nanoseconds: system_monotonicNanoseconds()) }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The instant `duration` later; negative durations count as zero, the far future saturates.
    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.clampedNanoseconds)
        return MonotonicInstant(nanoseconds: overflow ? .max : sum)
    }

    /// The time from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        if lhs >= rhs {
            return .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds))
        }
        return .nanoseconds(-Int64(clamping: rhs.nanoseconds - lhs.nanoseconds))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, 0 if negative, saturating at `UInt64.max`.
    internal var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (sum, overflow2) = whole.addingReportingOverflow(UInt64(max(0, attoseconds) / 1_000_000_000))
        return overflow2 ? .max : sum
    }
}
