/// The kind of a ``SessionEvent`` without its payload: one case per RFC 4271 §8.1 event (in RFC
/// order, so `allCases` lists Events 1...28 first) followed by the inputs outside RFC 4271.
public enum SessionEventKind: Sendable, Hashable, CaseIterable {
    /// Event 1, ManualStart (RFC 4271 §8.1.2).
    case manualStart
    /// Event 2, ManualStop (RFC 4271 §8.1.2).
    case manualStop
    /// Event 3, AutomaticStart (RFC 4271 §8.1.2).
    case automaticStart
    /// Event 4, ManualStart_with_PassiveTcpEstablishment (RFC 4271 §8.1.2).
    case manualStartWithPassiveTCPEstablishment
    /// Event 5, AutomaticStart_with_PassiveTcpEstablishment (RFC 4271 §8.1.2).
    case automaticStartWithPassiveTCPEstablishment
    /// Event 6, AutomaticStart_with_DampPeerOscillations (RFC 4271 §8.1.2).
    case automaticStartWithDampPeerOscillations
    /// Event 7, AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment (RFC 4271 §8.1.2).
    case automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment
    /// Event 8, AutomaticStop (RFC 4271 §8.1.2).
    case automaticStop
    /// Event 9, ConnectRetryTimer_Expires (RFC 4271 §8.1.3).
    case connectRetryTimerExpires
    /// Event 10, HoldTimer_Expires (RFC 4271 §8.1.3).
    case holdTimerExpires
    /// Event 11, KeepaliveTimer_Expires (RFC 4271 §8.1.3).
    case keepaliveTimerExpires
    /// Event 12, DelayOpenTimer_Expires (RFC 4271 §8.1.3).
    case delayOpenTimerExpires
    /// Event 13, IdleHoldTimer_Expires (RFC 4271 §8.1.3).
    case idleHoldTimerExpires
    /// Event 14, TcpConnection_Valid (RFC 4271 §8.1.4).
    case tcpConnectionValid
    /// Event 15, Tcp_CR_Invalid (RFC 4271 §8.1.4).
    case tcpConnectionRequestInvalid
    /// Event 16, Tcp_CR_Acked (RFC 4271 §8.1.4).
    case tcpConnectionRequestAcked
    /// Event 17, TcpConnectionConfirmed (RFC 4271 §8.1.4).
    case tcpConnectionConfirmed
    /// Event 18, TcpConnectionFails (RFC 4271 §8.1.4).
    case tcpConnectionFails
    /// Event 19, BGPOpen (RFC 4271 §8.1.5).
    case bgpOpen
    /// Event 20, BGPOpen with DelayOpenTimer running (RFC 4271 §8.1.5).
    case bgpOpenWithDelayOpenTimerRunning
    /// Event 21, BGPHeaderErr (RFC 4271 §8.1.5).
    case bgpHeaderError
    /// Event 22, BGPOpenMsgErr (RFC 4271 §8.1.5).
    case bgpOpenMessageError
    /// Event 23, OpenCollisionDump (RFC 4271 §8.1.5).
    case openCollisionDump
    /// Event 24, NotifMsgVerErr (RFC 4271 §8.1.5).
    case notificationVersionError
    /// Event 25, NotifMsg (RFC 4271 §8.1.5).
    case notification
    /// Event 26, KeepAliveMsg (RFC 4271 §8.1.5).
    case keepaliveMessage
    /// Event 27, UpdateMsg (RFC 4271 §8.1.5).
    case updateMessage
    /// Event 28, UpdateMsgErr (RFC 4271 §8.1.5).
    case updateMessageError
    /// A ROUTE-REFRESH was received (RFC 2918); not an RFC 4271 event.
    case routeRefreshMessage
    /// The damping reset timer expired; not an RFC 4271 event.
    case dampingResetTimerExpires
    /// The owner asks to send an UPDATE; not an RFC 4271 event.
    case sendUpdate
    /// The owner asks to send a ROUTE-REFRESH; not an RFC 4271 event.
    case sendRouteRefresh

    /// The RFC 4271 §8.1 event number, or `nil` for an input outside RFC 4271 §8.1.
    public var rfcNumber: Int? {
        switch self {
        case .manualStart: 1
        case .manualStop: 2
        case .automaticStart: 3
        case .manualStartWithPassiveTCPEstablishment: 4
        case .automaticStartWithPassiveTCPEstablishment: 5
        case .automaticStartWithDampPeerOscillations: 6
        case .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment: 7
        case .automaticStop: 8
        case .connectRetryTimerExpires: 9
        case .holdTimerExpires: 10
        case .keepaliveTimerExpires: 11
        case .delayOpenTimerExpires: 12
        case .idleHoldTimerExpires: 13
        case .tcpConnectionValid: 14
        case .tcpConnectionRequestInvalid: 15
        case .tcpConnectionRequestAcked: 16
        case .tcpConnectionConfirmed: 17
        case .tcpConnectionFails: 18
        case .bgpOpen: 19
        case .bgpOpenWithDelayOpenTimerRunning: 20
        case .bgpHeaderError: 21
        case .bgpOpenMessageError: 22
        case .openCollisionDump: 23
        case .notificationVersionError: 24
        case .notification: 25
        case .keepaliveMessage: 26
        case .updateMessage: 27
        case .updateMessageError: 28
        case .routeRefreshMessage, .dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh: nil
        }
    }

    /// The RFC 4271 §8.1 name ("Tcp_CR_Acked"), or a descriptive name for the other inputs.
    public var rfcName: String {
        switch self {
        case .manualStart: "ManualStart"
        case .manualStop: "ManualStop"
        case .automaticStart: "AutomaticStart"
        case .manualStartWithPassiveTCPEstablishment: "ManualStart_with_PassiveTcpEstablishment"
        case .automaticStartWithPassiveTCPEstablishment: "AutomaticStart_with_PassiveTcpEstablishment"
        case .automaticStartWithDampPeerOscillations: "AutomaticStart_with_DampPeerOscillations"
        case .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment"
        case .automaticStop: "AutomaticStop"
        case .connectRetryTimerExpires: "ConnectRetryTimer_Expires"
        case .holdTimerExpires: "HoldTimer_Expires"
        case .keepaliveTimerExpires: "KeepaliveTimer_Expires"
        case .delayOpenTimerExpires: "DelayOpenTimer_Expires"
        case .idleHoldTimerExpires: "IdleHoldTimer_Expires"
        case .tcpConnectionValid: "TcpConnection_Valid"
        case .tcpConnectionRequestInvalid: "Tcp_CR_Invalid"
        case .tcpConnectionRequestAcked: "Tcp_CR_Acked"
        case .tcpConnectionConfirmed: "TcpConnectionConfirmed"
        case .tcpConnectionFails: "TcpConnectionFails"
        case .bgpOpen: "BGPOpen"
        case .bgpOpenWithDelayOpenTimerRunning: "BGPOpen with DelayOpenTimer running"
        case .bgpHeaderError: "BGPHeaderErr"
        case .bgpOpenMessageError: "BGPOpenMsgErr"
        case .openCollisionDump: "OpenCollisionDump"
        case .notificationVersionError: "NotifMsgVerErr"
        case .notification: "NotifMsg"
        case .keepaliveMessage: "KeepAliveMsg"
        case .updateMessage: "UpdateMsg"
        case .updateMessageError: "UpdateMsgErr"
        case .routeRefreshMessage: "RouteRefreshMsg"
        case .dampingResetTimerExpires: "DampingResetTimer_Expires"
        case .sendUpdate: "SendUpdate"
        case .sendRouteRefresh: "SendRouteRefresh"
        }
    }

    /// Whether the event reports a BGP message received from the peer (the events RFC 6608 calls
    /// "messages": an unexpected one draws a Finite State Machine Error with a state subcode).
    var isReceivedMessage: Bool {
        switch self {
        case .bgpOpen, .bgpOpenWithDelayOpenTimerRunning, .bgpHeaderError, .bgpOpenMessageError,
             .notificationVersionError, .notification, .keepaliveMessage, .updateMessage, .updateMessageError,
             .routeRefreshMessage:
            true
        default:
            false
        }
    }
}

extension SessionEventKind: CustomStringConvertible {
    /// "Tcp_CR_Acked (16)", or the bare name for an input outside RFC 4271 §8.1.
    public var description: String {
        rfcNumber.map { "\(rfcName) (\($0))" } ?? rfcName
    }
}
