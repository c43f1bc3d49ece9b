// Shared fixtures of the BGPSession tests: a configuration, the peer's OPEN, machines driven into
// each state through real events, and readers that pick actions apart.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

// MARK: - Configuration and messages

enum Fixture {
    static let localID = IPv4Address(10, 0, 0, 1)
    static let peerID = IPv4Address(10, 0, 0, 2)
    static let localASN: ASNumber = 65000
    static let peerASN: ASNumber = 65001

    /// An eBGP peering with every default.
    static let config = SessionConfig(localASN: localASN, routerID: localID, peerASN: peerASN)

    /// The same peering with DelayOpen (5 seconds).
    static var delayOpenConfig: SessionConfig {
        var config = config
        config.delayOpenTime = .seconds(5)
        return config
    }

    /// DelayOpen plus SendNOTIFICATIONwithoutOPEN.
    static var delayOpenNotifyingConfig: SessionConfig {
        var config = delayOpenConfig
        config.sendNotificationWithoutOpen = true
        return config
    }

    /// A well-formed OPEN from the peer, as FRR would send it with hold time 90.
    static func peerOpen(
        asn: ASNumber = peerASN, holdTime: UInt16 = 90, identifier: IPv4Address = peerID,
        capabilities: [Capability] = [.multiprotocol(.ipv4Unicast), .multiprotocol(.ipv6Unicast), .routeRefresh,
                                      .enhancedRouteRefresh, .extendedMessage]
    ) -> OpenMessage {
        OpenMessage(autonomousSystem: asn, holdTime: holdTime, identifier: identifier, capabilities: capabilities)
    }

    static let update = UpdateMessage(nlri: [IPv4Prefix("192.0.2.0/24")!])
    static let refresh = RouteRefreshMessage(family: .ipv4Unicast)
    static let headerError = NotificationMessage(code: .messageHeaderError,
                                                 subcode: MessageHeaderSubcode.badMessageLength, data: [0x10, 0x01])
    static let openError = NotificationMessage(code: .openMessageError,
                                               subcode: OpenMessageSubcode.unsupportedOptionalParameter)
    static let versionError = NotificationMessage(code: .openMessageError,
                                                  subcode: OpenMessageSubcode.unsupportedVersionNumber, data: [0, 4])
    static let peerCease = NotificationMessage.cease(CeaseSubcode.administrativeShutdown, message: "peer maintenance")
    static let updateError = NotificationMessage(code: .updateMessageError,
                                                 subcode: UpdateMessageSubcode.malformedAttributeList)
    static let maxPrefixes = NotificationMessage(code: .cease, subcode: CeaseSubcode.maximumPrefixesReached)

    /// One event of each kind, with a representative payload (the table uses them).
    static func event(_ kind: SessionEventKind) -> SessionEvent {
        switch kind {
        case .manualStart: .manualStart
        case .manualStop: .manualStop(shutdownCommunication: "planned maintenance")
        case .automaticStart: .automaticStart
        case .manualStartWithPassiveTCPEstablishment: .manualStartWithPassiveTCPEstablishment
        case .automaticStartWithPassiveTCPEstablishment: .automaticStartWithPassiveTCPEstablishment
        case .automaticStartWithDampPeerOscillations: .automaticStartWithDampPeerOscillations
        case .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment
        case .automaticStop: .automaticStop(cease: maxPrefixes)
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
        case .bgpOpen: .bgpOpen(peerOpen())
        case .bgpOpenWithDelayOpenTimerRunning: .bgpOpenWithDelayOpenTimerRunning(peerOpen())
        case .bgpHeaderError: .bgpHeaderError(headerError)
        case .bgpOpenMessageError: .bgpOpenMessageError(openError)
        case .openCollisionDump: .openCollisionDump
        case .notificationVersionError: .notificationVersionError(versionError)
        case .notification: .notification(peerCease)
        case .keepaliveMessage: .keepaliveMessage
        case .updateMessage: .updateMessage(update)
        case .updateMessageError: .updateMessageError(updateError)
        case .routeRefreshMessage: .routeRefreshMessage(refresh)
        case .dampingResetTimerExpires: .dampingResetTimerExpires
        case .sendUpdate: .sendUpdate(update)
        case .sendRouteRefresh: .sendRouteRefresh(refresh)
        }
    }
}

// MARK: - Machines in each state

/// Where a table row starts: a state reached through real events, with a configuration.
enum StartPoint: String, Sendable, CaseIterable {
    case idle
    /// Idle after a refused connection: the IdleHoldTimer runs.
    case idleHolding
    case connect
    /// Connect with DelayOpen: TCP is up and the DelayOpenTimer runs.
    case connectDelayingOpen
    /// As `connectDelayingOpen`, with SendNOTIFICATIONwithoutOPEN.
    case connectDelayingOpenNotifying
    case active
    /// Active with DelayOpen: TCP is up and the DelayOpenTimer runs.
    case activeDelayingOpen
    /// As `activeDelayingOpen`, with SendNOTIFICATIONwithoutOPEN.
    case activeDelayingOpenNotifying
    case openSent
    case openConfirm
    case established

    var state: SessionState {
        switch self {
        case .idle, .idleHolding: .idle
        case .connect, .connectDelayingOpen, .connectDelayingOpenNotifying: .connect
        case .active, .activeDelayingOpen, .activeDelayingOpenNotifying: .active
        case .openSent: .openSent
        case .openConfirm: .openConfirm
        case .established: .established
        }
    }

    var config: SessionConfig {
        switch self {
        case .connectDelayingOpen, .activeDelayingOpen: Fixture.delayOpenConfig
        case .connectDelayingOpenNotifying, .activeDelayingOpenNotifying: Fixture.delayOpenNotifyingConfig
        default: Fixture.config
        }
    }

    /// The events that lead from a fresh machine to this start point.
    var path: [SessionEvent] {
        switch self {
        case .idle: []
        case .idleHolding: [.manualStart, .tcpConnectionFails]
        case .connect: [.manualStart]
        case .connectDelayingOpen, .connectDelayingOpenNotifying: [.manualStart, .tcpConnectionRequestAcked]
        case .active: [.manualStartWithPassiveTCPEstablishment]
        case .activeDelayingOpen, .activeDelayingOpenNotifying:
            [.manualStartWithPassiveTCPEstablishment, .tcpConnectionConfirmed]
        case .openSent: [.manualStart, .tcpConnectionRequestAcked]
        case .openConfirm: [.manualStart, .tcpConnectionRequestAcked, .bgpOpen(Fixture.peerOpen())]
        case .established:
            [.manualStart, .tcpConnectionRequestAcked, .bgpOpen(Fixture.peerOpen()), .keepaliveMessage]
        }
    }

    /// A machine at this start point.
    func machine() -> BGPSession {
        var session = BGPSession(config: config)
        for event in path {
            _ = session.handle(event)
        }
        precondition(session.state == state, "start point \(self) reached \(session.state)")
        return session
    }
}

/// Drives a fresh machine through `events`, returning it and the actions of the last event.
func drive(_ events: [SessionEvent], config: SessionConfig = Fixture.config) -> (BGPSession, [SessionAction]) {
    var session = BGPSession(config: config)
    var last: [SessionAction] = []
    for event in events {
        last = session.handle(event)
    }
    return (session, last)
}

// MARK: - Reading actions

/// A sent message reduced to what the tables compare.
enum Sent: Hashable, CustomStringConvertible {
    case open
    case keepalive
    case update
    case routeRefresh
    case notification(UInt8, UInt8)

    var description: String {
        switch self {
        case .open: "OPEN"
        case .keepalive: "KEEPALIVE"
        case .update: "UPDATE"
        case .routeRefresh: "ROUTE-REFRESH"
        case .notification(let code, let subcode): "NOTIFICATION \(code)/\(subcode)"
        }
    }
}

extension Array where Element == SessionAction {
    var sent: [Sent] {
        compactMap {
            guard case .send(let message) = $0 else { return nil }
            switch message {
            case .open: return .open
            case .keepalive: return .keepalive
            case .update: return .update
            case .routeRefresh: return .routeRefresh
            case .notification(let n): return .notification(n.code.rawValue, n.subcode)
            }
        }
    }

    var sentNotifications: [NotificationMessage] {
        compactMap {
            if case .send(.notification(let notification)) = $0 { notification } else { nil }
        }
    }

    var startedTimers: [SessionTimer: Duration] {
        var timers: [SessionTimer: Duration] = [:]
        for case .startTimer(let timer, let duration) in self {
            timers[timer] = duration
        }
        return timers
    }

    var stoppedTimers: Set<SessionTimer> {
        Set(compactMap { if case .stopTimer(let timer) = $0 { timer } else { nil } })
    }

    var downReason: SessionDownReason? {
        for case .sessionDown(let reason) in self { return reason }
        return nil
    }

    var established: NegotiatedSession? {
        for case .sessionEstablished(let negotiated) in self { return negotiated }
        return nil
    }

    var stateChanges: [SessionAction] {
        filter { if case .stateChanged = $0 { true } else { false } }
    }
}
