import BGPWire

/// What the owner of a ``BGPSession`` must do after an event (RFC 4271 §8.2.2 actions).
///
/// ``BGPSession/handle(_:)`` returns actions in the order they must be performed: messages first
/// (a NOTIFICATION is written before the connection closes), then timers, then the TCP connection,
/// then the state change and the owner-facing reports (``sessionEstablished(_:)``,
/// ``sessionDown(_:)``, deliveries).
public enum SessionAction: Sendable, Hashable {
    /// Open a TCP connection to the peer (port 179), keeping on listening for one from the peer
    /// (RFC 4271 §8.2.2, "initiates a TCP connection to the other BGP peer"). The owner reports
    /// the outcome as ``SessionEvent/tcpConnectionRequestAcked`` or ``SessionEvent/tcpConnectionFails``.
    case initiateTCPConnection
    /// Close the TCP connection, or abandon the connection attempt in progress (RFC 4271 §8.2.2,
    /// "drops the TCP connection"). Idempotent for the owner: there may be nothing left to close.
    case dropTCPConnection
    /// Write a message on the connection. Before ``sessionEstablished(_:)`` use
    /// ``BGPWire/CodecOptions/standard``; after it, ``NegotiatedSession/codecOptions``.
    case send(BGPMessage)
    /// Start `timer` to expire after the duration, replacing any running instance.
    case startTimer(SessionTimer, Duration)
    /// Stop `timer` (RFC 4271: "sets the timer to zero"); its expiry must no longer be reported.
    case stopTimer(SessionTimer)
    /// The session reached Established with these negotiated parameters (RFC 4271 §8.2.2,
    /// OpenConfirm: KeepAliveMsg). Emitted once per session, after ``stateChanged(from:to:)``.
    case sessionEstablished(NegotiatedSession)
    /// The machine fell back to Idle, and why. Emitted on every transition into Idle, after
    /// ``stateChanged(from:to:)``; when the previous state was Established the owner deletes the
    /// routes learned over the session (RFC 4271 §8.2.2: "deletes all routes associated with this
    /// connection").
    case sessionDown(SessionDownReason)
    /// An UPDATE received in Established, for the owner's Adj-RIB-In (RFC 4271 §9).
    case deliverUpdate(UpdateMessage)
    /// A ROUTE-REFRESH received in Established for a family the session carries (RFC 2918 §4,
    /// RFC 7313 §4): the owner re-advertises its Adj-RIB-Out for that family.
    case deliverRouteRefresh(RouteRefreshMessage)
    /// The state changed; one line per transition for the owner's log.
    case stateChanged(from: SessionState, to: SessionState)
}

extension SessionAction: CustomStringConvertible {
    /// A short form for logs and test failures ("start HoldTimer 240 seconds").
    public var description: String {
        switch self {
        case .initiateTCPConnection: "initiate TCP connection"
        case .dropTCPConnection: "drop TCP connection"
        case .send(let message): "send \(message)"
        case .startTimer(let timer, let duration): "start \(timer) \(duration)"
        case .stopTimer(let timer): "stop \(timer)"
        case .sessionEstablished(let negotiated): "session established: \(negotiated)"
        case .sessionDown(let reason): "session down: \(reason)"
        case .deliverUpdate(let update): "deliver \(BGPMessage.update(update))"
        case .deliverRouteRefresh(let refresh): "deliver \(BGPMessage.routeRefresh(refresh))"
        case .stateChanged(let from, let to): "\(from) -> \(to)"
        }
    }
}
