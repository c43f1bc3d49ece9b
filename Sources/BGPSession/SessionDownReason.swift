import BGPWire

/// Why the machine fell back to Idle (or, for ``tcpConnectionFailed`` in OpenSent, to Active).
///
/// Reported in ``SessionAction/sessionDown(_:)`` and kept in ``BGPSession/lastError``.
public enum SessionDownReason: Sendable, Hashable {
    /// ManualStop (Event 2). Where an OPEN was exchanged, Cease / Administrative Shutdown was sent.
    case manualStop
    /// AutomaticStop (Event 8). Where an OPEN was exchanged, the event's Cease was sent.
    case automaticStop
    /// The HoldTimer expired (Event 10); Hold Timer Expired was sent (RFC 4271 §6.5).
    case holdTimerExpired
    /// The TCP connection failed or was closed by the peer (Event 18).
    case tcpConnectionFailed
    /// Collision resolution closed this connection (Event 23, RFC 4271 §6.8); Cease / Connection
    /// Collision Resolution was sent where an OPEN was exchanged.
    case connectionCollision
    /// The peer sent this NOTIFICATION (Events 24, 25).
    case notificationReceived(NotificationMessage)
    /// This machine found an error and sent this NOTIFICATION: a header, OPEN or UPDATE error
    /// (RFC 4271 §6.1-§6.3) or a Finite State Machine Error (RFC 4271 §6.6, RFC 6608).
    case notificationSent(NotificationMessage)
    /// A received message was invalid before any OPEN was sent (Connect or Active with the
    /// DelayOpenTimer running) and SendNOTIFICATIONwithoutOPEN is off: this NOTIFICATION was
    /// prescribed but not sent (RFC 4271 §8.2.2, Events 21 and 22 in Connect and Active).
    case invalidMessage(NotificationMessage)
    /// An event RFC 4271 §8.2.2 lists under "any other event" in Connect or Active: the attempt is
    /// abandoned without a NOTIFICATION (no OPEN was sent).
    case unexpectedEvent(SessionEventKind)
}

extension SessionDownReason: CustomStringConvertible {
    /// A short form for logs ("hold timer expired", "NOTIFICATION received: ...").
    public var description: String {
        switch self {
        case .manualStop: "manual stop"
        case .automaticStop: "automatic stop"
        case .holdTimerExpired: "hold timer expired"
        case .tcpConnectionFailed: "TCP connection failed"
        case .connectionCollision: "connection collision"
        case .notificationReceived(let n): "received \(n)"
        case .notificationSent(let n): "sent \(n)"
        case .invalidMessage(let n): "invalid message (not notified: \(n))"
        case .unexpectedEvent(let kind): "unexpected event \(kind)"
        }
    }
}
