import BGPWire

// RFC 4271 §8.2.2, "Established State".

extension BGPSession {
    /// Established: "the BGP FSM can exchange UPDATE, NOTIFICATION, and KEEPALIVE messages with its
    /// peer".
    ///
    /// - KEEPALIVE, UPDATE and ROUTE-REFRESH restart the HoldTimer (RFC 4271 counts KEEPALIVE and
    ///   UPDATE; any message proves the peer alive). UPDATEs go to the owner
    ///   (``SessionAction/deliverUpdate(_:)``); a ROUTE-REFRESH too
    ///   (``SessionAction/deliverRouteRefresh(_:)``) when Route Refresh was negotiated, the family is
    ///   carried by the session (RFC 2918 §4: otherwise "ignore such a message") and, for the
    ///   RFC 7313 subtypes, Enhanced Route Refresh was negotiated.
    /// - ``SessionEvent/sendUpdate(_:)`` sends and restarts the KeepaliveTimer.
    /// - BGPHeaderErr (Event 21) sends its Message Header Error (RFC 4271 §6.1); an OPEN
    ///   (Events 19, 20, 22) is an unexpected message: Finite State Machine Error subcode 3
    ///   (RFC 6608). Unexpected timers (Events 9, 12, 13) send subcode 0.
    mutating func handleInEstablished(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTCPEstablishment,
             .automaticStartWithPassiveTCPEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            break
        case .manualStop(let communication):
            fallToIdle(.manualStop, sending: .administrativeShutdown(communication), counter: .reset, &actions)
        case .automaticStop(let cease):
            fallToIdle(.automaticStop, sending: cease, counter: .increment, &actions)
        case .holdTimerExpires:
            fallToIdle(.holdTimerExpired, sending: .holdTimerExpired, counter: .increment, &actions)
        case .keepaliveTimerExpires:
            sendKeepalive(&actions)
        case .tcpConnectionValid, .tcpConnectionRequestInvalid, .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            // "the second connection SHALL be tracked until it sends an OPEN message" (by the owner).
            break
        case .tcpConnectionFails:
            fallToIdle(.tcpConnectionFailed, sending: nil, counter: .increment, &actions)
        case .notificationVersionError(let notification), .notification(let notification):
            fallToIdle(.notificationReceived(notification), sending: nil, counter: .increment, &actions)
        case .openCollisionDump:
            fallToIdle(.connectionCollision, sending: .connectionCollision, counter: .increment, &actions)
        case .keepaliveMessage:
            restartHoldTimer(&actions)
        case .updateMessage(let update):
            // "processes the message, restarts its HoldTimer, if the negotiated HoldTime value is non-zero".
            actions.append(.deliverUpdate(update))
            restartHoldTimer(&actions)
        case .updateMessageError(let notification), .bgpHeaderError(let notification):
            fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
        case .routeRefreshMessage(let refresh):
            if accepts(refresh) {
                actions.append(.deliverRouteRefresh(refresh))
            }
            restartHoldTimer(&actions)
        case .dampingResetTimerExpires:
            damping.reset()
        case .sendUpdate(let update):
            actions.append(.send(.update(update)))
            restartKeepaliveTimer(&actions)
        case .sendRouteRefresh(let refresh):
            if accepts(refresh) {
                actions.append(.send(.routeRefresh(refresh)))
            }
        case .connectRetryTimerExpires, .delayOpenTimerExpires, .idleHoldTimerExpires, .bgpOpen,
             .bgpOpenWithDelayOpenTimerRunning, .bgpOpenMessageError:
            // "In response to any other event (Events 9, 12-13, 20-22)", and an OPEN (RFC 6608).
            finiteStateMachineError(event.kind, &actions)
        }
    }

    /// Event 27 (UpdateMsg) in Established for an owner that processes the UPDATE it holds: the
    /// same as ``handle(_:into:)`` with ``SessionEvent/updateMessage(_:)``, without the
    /// ``SessionAction/deliverUpdate(_:)`` (so a flood does not copy each message into an action):
    /// the HoldTimer restarts (RFC 4271 §8.2.2). Returns false and appends nothing in any other
    /// state, where the owner passes the event to ``handle(_:into:)``.
    public mutating func handleUpdateInEstablished(into actions: inout [SessionAction]) -> Bool {
        guard state == .established else { return false }
        restartHoldTimer(&actions)
        return true
    }

    /// Whether a ROUTE-REFRESH may be exchanged on this session (RFC 2918 §4, RFC 7313 §4).
    private func accepts(_ refresh: RouteRefreshMessage) -> Bool {
        let negotiated = negotiatedSession
        guard negotiated.routeRefresh, negotiated.families.contains(refresh.family) else { return false }
        return refresh.subtype == .normal || negotiated.enhancedRouteRefresh
    }
}
