/// Peer oscillation damping (RFC 4271 §8.1.1, group 1: DampPeerOscillations, IdleHoldTime,
/// IdleHoldTimer). RFC 4271 leaves the method to the implementation; this one is exponential
/// back-off:
///
/// - Each failure that drops the machine to Idle waits an IdleHoldTime before an automatic start
///   is honoured: ``initialIdleHoldTime`` after the first failure, doubling with each consecutive
///   failure, never above ``maximumIdleHoldTime`` (5, 10, 20, 40, 80, 120, 120, ... seconds with
///   the defaults).
/// - The level is forgiven (``reset()``) once a session has stayed Established for the stable
///   period (``SessionConfig/dampingStablePeriod``), and by a manual start: an operator's start
///   is honoured at once.
///
/// What counts as a failure: every transition to Idle on which RFC 4271 §8.2.2 increments the
/// ConnectRetryCounter (the RFC pairs that step with "(optionally) performs peer oscillation
/// damping"), plus TcpConnectionFails in Connect, where the RFC increments nothing but a refused
/// connection would otherwise be retried at once; that one waits the current level without raising
/// it (``currentIdleHoldTime``): a peer that is simply down is retried at a steady pace, so recovery
/// after an outage does not grow with the outage. ManualStop and a NOTIFICATION with a version
/// error in OpenSent or OpenConfirm do not count.
public struct PeerOscillationDamping: Sendable, Hashable {
    /// The IdleHoldTime after the first failure.
    public var initialIdleHoldTime: Duration
    /// The largest IdleHoldTime.
    public var maximumIdleHoldTime: Duration
    /// Failures since the last reset.
    public private(set) var consecutiveFailures: Int = 0

    /// A damping state with no failures recorded.
    public init(initialIdleHoldTime: Duration, maximumIdleHoldTime: Duration) {
        self.initialIdleHoldTime = initialIdleHoldTime
        self.maximumIdleHoldTime = maximumIdleHoldTime
    }

    /// The IdleHoldTime the next failure waits: ``initialIdleHoldTime`` × 2^``consecutiveFailures``,
    /// at most ``maximumIdleHoldTime``.
    public var nextIdleHoldTime: Duration {
        var time = initialIdleHoldTime
        for _ in 0 ..< consecutiveFailures {
            guard time < maximumIdleHoldTime else { break }
            time = time * 2
        }
        return min(time, maximumIdleHoldTime)
    }

    /// The IdleHoldTime of the current level: that of the last failure recorded, or
    /// ``initialIdleHoldTime`` when none is. What a refused connection waits: it does not escalate.
    public var currentIdleHoldTime: Duration {
        var copy = self
        copy.consecutiveFailures = max(0, consecutiveFailures - 1)
        return copy.nextIdleHoldTime
    }

    /// Records a failure and returns the IdleHoldTime to wait before the next automatic start.
    public mutating func recordFailure() -> Duration {
        let time = nextIdleHoldTime
        consecutiveFailures += 1
        return time
    }

    /// Forgets past failures: the next one waits ``initialIdleHoldTime`` again.
    public mutating func reset() {
        consecutiveFailures = 0
    }
}
