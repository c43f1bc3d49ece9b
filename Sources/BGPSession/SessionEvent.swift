import BGPWire

/// An input to the session machine: the events of RFC 4271 §8.1, each carrying its payload, plus a
/// few inputs RFC 4271 leaves to the implementation (``SessionEventKind/rfcNumber`` is `nil` for them).
///
/// Cases are named after the RFC events in Swift spelling (`Tcp_CR_Acked` is
/// ``tcpConnectionRequestAcked``); ``kind`` gives the RFC number and name. A received message is
/// turned into its event by ``init(received:delayOpenTimerRunning:)``, a decode failure by
/// ``init(decodeError:)``.
public enum SessionEvent: Sendable, Hashable {
    // MARK: Administrative events (RFC 4271 §8.1.2)

    /// Event 1, ManualStart: the operator starts the session.
    case manualStart
    /// Event 2, ManualStop: the operator stops the session. Where an OPEN was exchanged the machine
    /// sends Cease / Administrative Shutdown (RFC 4486) carrying `shutdownCommunication`
    /// (RFC 8203, RFC 9003: UTF-8, at most 255 octets, cut at a character boundary); `nil` sends
    /// the Cease without data.
    case manualStop(shutdownCommunication: String? = nil)
    /// Event 3, AutomaticStart: the implementation restarts the session.
    case automaticStart
    /// Event 4, ManualStart_with_PassiveTcpEstablishment: manual start, listening only.
    case manualStartWithPassiveTCPEstablishment
    /// Event 5, AutomaticStart_with_PassiveTcpEstablishment: automatic start, listening only.
    case automaticStartWithPassiveTCPEstablishment
    /// Event 6, AutomaticStart_with_DampPeerOscillations: automatic start subject to the IdleHoldTimer.
    case automaticStartWithDampPeerOscillations
    /// Event 7, AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment.
    case automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment
    /// Event 8, AutomaticStop: the implementation stops the session (for instance on too many
    /// prefixes); `cease` is the NOTIFICATION sent where an OPEN was exchanged, such as Cease /
    /// Maximum Number of Prefixes Reached (RFC 4486 §4).
    case automaticStop(cease: NotificationMessage = NotificationMessage(code: .cease))

    // MARK: Timer events (RFC 4271 §8.1.3)

    /// Event 9, ConnectRetryTimer_Expires.
    case connectRetryTimerExpires
    /// Event 10, HoldTimer_Expires.
    case holdTimerExpires
    /// Event 11, KeepaliveTimer_Expires.
    case keepaliveTimerExpires
    /// Event 12, DelayOpenTimer_Expires.
    case delayOpenTimerExpires
    /// Event 13, IdleHoldTimer_Expires.
    case idleHoldTimerExpires

    // MARK: TCP connection-based events (RFC 4271 §8.1.4)

    /// Event 14, TcpConnection_Valid: a TCP connection request with valid addresses and ports.
    case tcpConnectionValid
    /// Event 15, Tcp_CR_Invalid: a TCP connection request with an invalid address or port.
    case tcpConnectionRequestInvalid
    /// Event 16, Tcp_CR_Acked: our outgoing TCP connection completed.
    case tcpConnectionRequestAcked
    /// Event 17, TcpConnectionConfirmed: an incoming TCP connection completed.
    case tcpConnectionConfirmed
    /// Event 18, TcpConnectionFails: the TCP connection failed or was closed by the peer.
    case tcpConnectionFails

    // MARK: BGP message-based events (RFC 4271 §8.1.5)

    /// Event 19, BGPOpen: an OPEN was received. The machine checks it (RFC 4271 §6.2) and treats
    /// a failed check as Event 22 with the NOTIFICATION the check produced.
    case bgpOpen(OpenMessage)
    /// Event 20, BGPOpen with DelayOpenTimer running: an OPEN arrived before we sent ours.
    case bgpOpenWithDelayOpenTimerRunning(OpenMessage)
    /// Event 21, BGPHeaderErr: a message header was invalid; carries the NOTIFICATION to send
    /// (Message Header Error, RFC 4271 §6.1).
    case bgpHeaderError(NotificationMessage)
    /// Event 22, BGPOpenMsgErr: an OPEN could not be decoded; carries the NOTIFICATION to send
    /// (OPEN Message Error, RFC 4271 §6.2).
    case bgpOpenMessageError(NotificationMessage)
    /// Event 23, OpenCollisionDump: collision resolution (RFC 4271 §6.8, ``ConnectionCollision``)
    /// chose to close this connection; the machine sends Cease / Connection Collision Resolution.
    case openCollisionDump
    /// Event 24, NotifMsgVerErr: a NOTIFICATION with OPEN Message Error / Unsupported Version Number.
    case notificationVersionError(NotificationMessage)
    /// Event 25, NotifMsg: any other NOTIFICATION was received.
    case notification(NotificationMessage)
    /// Event 26, KeepAliveMsg: a KEEPALIVE was received.
    case keepaliveMessage
    /// Event 27, UpdateMsg: a valid UPDATE was received (RFC 7606 outcomes short of a session
    /// reset are the owner's to apply).
    case updateMessage(UpdateMessage)
    /// Event 28, UpdateMsgErr: an UPDATE failed with a session reset; carries the NOTIFICATION to
    /// send (UPDATE Message Error, RFC 4271 §6.3). A malformed ROUTE-REFRESH (RFC 7313 §5) takes
    /// this path too: it has the same outcome.
    case updateMessageError(NotificationMessage)

    // MARK: Inputs outside RFC 4271 §8.1

    /// A ROUTE-REFRESH was received (RFC 2918, RFC 7313). Established passes it to the owner; the
    /// OPEN states treat it as an unexpected message (RFC 6608).
    case routeRefreshMessage(RouteRefreshMessage)
    /// The ``SessionTimer/dampingReset`` timer expired: the session stayed Established long enough
    /// for the peer oscillation damping level to be forgiven.
    case dampingResetTimerExpires
    /// The owner asks to send an UPDATE. In Established the machine emits the send and restarts
    /// the KeepaliveTimer (RFC 4271 §8.2.2: "Each time the local system sends a KEEPALIVE or UPDATE
    /// message, it restarts its KeepaliveTimer"); elsewhere the request is dropped.
    case sendUpdate(UpdateMessage)
    /// The owner asks to send a ROUTE-REFRESH (RFC 2918 §3). Honoured only in Established when the
    /// Route Refresh capability was negotiated (Enhanced Route Refresh for the RFC 7313 subtypes).
    case sendRouteRefresh(RouteRefreshMessage)
}

extension SessionEvent {
    /// The kind of the event, without its payload: the RFC number and name.
    public var kind: SessionEventKind {
        switch self {
        case .manualStart: .manualStart
        case .manualStop: .manualStop
        case .automaticStart: .automaticStart
        case .manualStartWithPassiveTCPEstablishment: .manualStartWithPassiveTCPEstablishment
        case .automaticStartWithPassiveTCPEstablishment: .automaticStartWithPassiveTCPEstablishment
        case .automaticStartWithDampPeerOscillations: .automaticStartWithDampPeerOscillations
        case .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment
        case .automaticStop: .automaticStop
        case .connectRetryTimerExpires: .connectRetryTimerExpires
        case .holdTimerExpires: .holdTimerExpires
        case .keepaliveTimerExpires: .keepaliveTimerExpires
        case .delayOpenTimerExpires: .delayOpenTimerExpires
        case .idleHoldTimerExpires: .idleHoldTimerExpires
        case .tcpConnectionValid: .tcpConnectionValid
        case .tcpConnectionRequestInvalid: .tcpConnectionRequestInvalid
        case .tcpConnectionRequestAcked: .tcpConnectionRequestAcked
        case .tcpConnectionConfirmed: .tcpConnectionConfirmed
        case .tcpConnectionFails: .tcpConnectionFails
        case .bgpOpen: .bgpOpen
        case .bgpOpenWithDelayOpenTimerRunning: .bgpOpenWithDelayOpenTimerRunning
        case .bgpHeaderError: .bgpHeaderError
        case .bgpOpenMessageError: .bgpOpenMessageError
        case .openCollisionDump: .openCollisionDump
        case .notificationVersionError: .notificationVersionError
        case .notification: .notification
        case .keepaliveMessage: .keepaliveMessage
        case .updateMessage: .updateMessage
        case .updateMessageError: .updateMessageError
        case .routeRefreshMessage: .routeRefreshMessage
        case .dampingResetTimerExpires: .dampingResetTimerExpires
        case .sendUpdate: .sendUpdate
        case .sendRouteRefresh: .sendRouteRefresh
        }
    }

    /// The RFC 4271 §8.1 event number (1...28), or `nil` for an input outside RFC 4271 §8.1.
    public var rfcNumber: Int? { kind.rfcNumber }
}

extension SessionEvent: CustomStringConvertible {
    /// The RFC name and number, with a short payload summary ("BGPOpen (19) OPEN AS 65001 ...").
    public var description: String {
        let name = kind.description
        switch self {
        case .manualStop(let text?): return "\(name) \"\(text)\""
        case .automaticStop(let cease): return "\(name) \(cease)"
        case .bgpOpen(let open), .bgpOpenWithDelayOpenTimerRunning(let open):
            return "\(name) \(BGPMessage.open(open))"
        case .bgpHeaderError(let n), .bgpOpenMessageError(let n), .notificationVersionError(let n),
             .notification(let n), .updateMessageError(let n):
            return "\(name) \(n)"
        case .updateMessage(let update), .sendUpdate(let update): return "\(name) \(BGPMessage.update(update))"
        case .routeRefreshMessage(let refresh), .sendRouteRefresh(let refresh):
            return "\(name) \(BGPMessage.routeRefresh(refresh))"
        default: return name
        }
    }
}
