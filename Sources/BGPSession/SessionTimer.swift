/// The timers the session machine starts and stops through ``SessionAction``.
///
/// The machine never reads a clock: it asks its owner to start a timer for a ``Swift/Duration``
/// and learns of the expiry through the matching ``SessionEvent``. A simulator drives the same
/// machine with a virtual clock. Starting a timer that is already running restarts it.
///
/// The cases are in the order the machine stops them when it falls back to Idle.
public enum SessionTimer: Sendable, Hashable, CaseIterable {
    /// ConnectRetryTimer (RFC 4271 §8, §10): paces outgoing connection attempts.
    /// Expiry: ``SessionEvent/connectRetryTimerExpires`` (Event 9).
    case connectRetry
    /// DelayOpenTimer (RFC 4271 §8.1.1, group 4): delays our OPEN after the TCP connection is up.
    /// Expiry: ``SessionEvent/delayOpenTimerExpires`` (Event 12).
    case delayOpen
    /// HoldTimer (RFC 4271 §4.2, §10): how long to wait for the peer's next message.
    /// Expiry: ``SessionEvent/holdTimerExpires`` (Event 10).
    case hold
    /// KeepaliveTimer (RFC 4271 §4.4, §10): when to send the next KEEPALIVE.
    /// Expiry: ``SessionEvent/keepaliveTimerExpires`` (Event 11).
    case keepalive
    /// Not in RFC 4271: how long the session must stay Established before the peer oscillation
    /// damping level is forgiven (see ``PeerOscillationDamping``).
    /// Expiry: ``SessionEvent/dampingResetTimerExpires``.
    case dampingReset
    /// IdleHoldTimer (RFC 4271 §8.1.1, group 1): holds the machine in Idle after a failure before
    /// an automatic start is honoured. Expiry: ``SessionEvent/idleHoldTimerExpires`` (Event 13).
    case idleHold
}

extension SessionTimer {
    /// The event the owner feeds the machine when this timer expires (RFC 4271 §8.1.3).
    public var expiryEvent: SessionEvent {
        switch self {
        case .connectRetry: .connectRetryTimerExpires
        case .delayOpen: .delayOpenTimerExpires
        case .hold: .holdTimerExpires
        case .keepalive: .keepaliveTimerExpires
        case .dampingReset: .dampingResetTimerExpires
        case .idleHold: .idleHoldTimerExpires
        }
    }
}

extension SessionTimer: CustomStringConvertible {
    /// The RFC 4271 name of the timer ("HoldTimer").
    public var description: String {
        switch self {
        case .connectRetry: "ConnectRetryTimer"
        case .delayOpen: "DelayOpenTimer"
        case .hold: "HoldTimer"
        case .keepalive: "KeepaliveTimer"
        case .dampingReset: "DampingResetTimer"
        case .idleHold: "IdleHoldTimer"
        }
    }
}
