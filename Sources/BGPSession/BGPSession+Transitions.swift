import BGPWire

/// How a transition changes the ConnectRetryCounter (RFC 4271 §8.2.2).
enum ConnectRetryCounterChange {
    /// Left as it is.
    case keep
    /// "increments the ConnectRetryCounter by 1" (and, here, a damping failure: see
    /// ``PeerOscillationDamping``).
    case increment
    /// "sets the ConnectRetryCounter to zero" (ManualStop).
    case reset
}

// MARK: - Building blocks shared by the states

extension BGPSession {
    mutating func startTimer(_ timer: SessionTimer, _ duration: Duration, _ actions: inout [SessionAction]) {
        runningTimers.insert(timer)
        actions.append(.startTimer(timer, duration))
    }

    /// Stops `timer` if it runs; a stopped timer needs no action.
    mutating func stopTimer(_ timer: SessionTimer, _ actions: inout [SessionAction]) {
        if runningTimers.remove(timer) != nil {
            actions.append(.stopTimer(timer))
        }
    }

    mutating func move(to newState: SessionState, _ actions: inout [SessionAction]) {
        let oldState = state
        state = newState
        actions.append(.stateChanged(from: oldState, to: newState))
    }

    /// The negotiated session of OpenConfirm and Established.
    var negotiatedSession: NegotiatedSession {
        guard let negotiated else {
            fatalError("Internal inconsistency: \(state) without a negotiated session")
        }
        return negotiated
    }

    /// Idle, ManualStart / AutomaticStart (Events 1, 3-7): "initializes all BGP resources, sets
    /// ConnectRetryCounter to zero, starts the ConnectRetryTimer with the initial value", then either
    /// "initiates a TCP connection" and moves to Connect, or only listens and moves to Active.
    mutating func start(_ mode: StartMode, _ actions: inout [SessionAction]) {
        connectRetryCounter = 0
        startTimer(.connectRetry, config.connectRetryTime, &actions)
        switch mode {
        case .active:
            actions.append(.initiateTCPConnection)
            move(to: .connect, &actions)
        case .passive:
            move(to: .active, &actions)
        }
    }

    /// Connect or Active, Tcp_CR_Acked / TcpConnectionConfirmed (Events 16, 17): stop the
    /// ConnectRetryTimer, then start the DelayOpenTimer (DelayOpen set) or send our OPEN.
    mutating func connectionUp(_ actions: inout [SessionAction]) {
        stopTimer(.connectRetry, &actions)
        if let delay = config.delayOpenTime {
            startTimer(.delayOpen, delay, &actions)
        } else {
            sendOpen(&actions)
        }
    }

    /// "sends an OPEN message to its peer, sets the HoldTimer to a large value, and changes its
    /// state to OpenSent" (Connect and Active, Events 12, 16, 17). RFC 4271 suggests 4 minutes.
    mutating func sendOpen(_ actions: inout [SessionAction]) {
        stopTimer(.connectRetry, &actions)
        stopTimer(.delayOpen, &actions)
        actions.append(.send(.open(config.openMessage)))
        startTimer(.hold, config.openSentHoldTime, &actions)
        move(to: .openSent, &actions)
    }

    /// A valid OPEN (Event 19 in OpenSent, Event 20 in Connect or Active): negotiate, stop the
    /// ConnectRetryTimer and the DelayOpenTimer, send our OPEN when it was delayed, send a
    /// KEEPALIVE, start the KeepaliveTimer and set the HoldTimer to the negotiated value (neither
    /// runs when the negotiated hold time is zero), and move to OpenConfirm.
    mutating func acceptOpen(_ open: OpenMessage, sendingOurOpen: Bool, _ actions: inout [SessionAction]) {
        let negotiated = NegotiatedSession(config: config, peerOpen: open)
        self.negotiated = negotiated
        stopTimer(.connectRetry, &actions)
        stopTimer(.delayOpen, &actions)
        if sendingOurOpen {
            actions.append(.send(.open(config.openMessage)))
        }
        actions.append(.send(.keepalive))
        if negotiated.holdTime > .zero {
            startTimer(.keepalive, negotiated.keepaliveTime, &actions)
            startTimer(.hold, negotiated.holdTime, &actions)
        } else {
            stopTimer(.hold, &actions)
        }
        move(to: .openConfirm, &actions)
    }

    /// KeepaliveTimer_Expires in OpenConfirm and Established (Event 11): "sends a KEEPALIVE
    /// message, and restarts its KeepaliveTimer, unless the negotiated HoldTime value is zero".
    mutating func sendKeepalive(_ actions: inout [SessionAction]) {
        actions.append(.send(.keepalive))
        restartKeepaliveTimer(&actions)
    }

    mutating func restartKeepaliveTimer(_ actions: inout [SessionAction]) {
        let keepalive = negotiatedSession.keepaliveTime
        if keepalive > .zero {
            startTimer(.keepalive, keepalive, &actions)
        }
    }

    /// "restarts its HoldTimer, if the negotiated HoldTime value is non-zero".
    mutating func restartHoldTimer(_ actions: inout [SessionAction]) {
        // Only the hold time: copying the whole negotiated session per message costs more.
        guard let hold = negotiated?.holdTime else {
            fatalError("Internal inconsistency: \(state) without a negotiated session")
        }
        if hold > .zero {
            startTimer(.hold, hold, &actions)
        }
    }

    /// Every fall back to Idle (RFC 4271 §8.2.2): send the NOTIFICATION if any, stop every timer
    /// ("sets the ConnectRetryTimer to zero", "releases all BGP resources"), drop the TCP
    /// connection, change the ConnectRetryCounter, perform peer oscillation damping on a failure
    /// (by default, when the counter increments), and change the state to Idle; then report the reason.
    mutating func fallToIdle(
        _ reason: SessionDownReason, sending notification: NotificationMessage?, counter: ConnectRetryCounterChange,
        damping isFailure: Bool? = nil, _ actions: inout [SessionAction]
    ) {
        if let notification {
            actions.append(.send(.notification(notification)))
        }
        for timer in SessionTimer.allCases {
            stopTimer(timer, &actions)
        }
        actions.append(.dropTCPConnection)
        switch counter {
        case .keep: break
        case .increment: connectRetryCounter += 1
        case .reset: connectRetryCounter = 0
        }
        if isFailure ?? (counter == .increment) {
            damp(escalating: counter == .increment, &actions)
        }
        negotiated = nil
        lastError = reason
        move(to: .idle, &actions)
        actions.append(.sessionDown(reason))
    }

    /// "(optionally) performs peer oscillation damping if the DampPeerOscillations attribute is set
    /// to TRUE": start the IdleHoldTimer with the next back-off step when `escalating` (a session
    /// that failed after connecting), or with the current step (a connection refused: the peer is
    /// down, not flapping, so the wait does not grow with the outage).
    mutating func damp(escalating: Bool, _ actions: inout [SessionAction]) {
        guard config.dampPeerOscillations else { return }
        startTimer(.idleHold, escalating ? damping.recordFailure() : damping.currentIdleHoldTime, &actions)
    }

    /// A Finite State Machine Error for `kind` in OpenSent, OpenConfirm or Established (RFC 4271
    /// §6.6): with the RFC 6608 subcode of the state for a received message, Unspecified Error for
    /// any other event.
    mutating func finiteStateMachineError(_ kind: SessionEventKind, _ actions: inout [SessionAction]) {
        var subcode = FSMErrorSubcode.unspecified
        if kind.isReceivedMessage {
            switch state {
            case .openSent: subcode = FSMErrorSubcode.unexpectedMessageInOpenSent
            case .openConfirm: subcode = FSMErrorSubcode.unexpectedMessageInOpenConfirm
            case .established: subcode = FSMErrorSubcode.unexpectedMessageInEstablished
            case .idle, .connect, .active:
                fatalError("Internal inconsistency: FSM error NOTIFICATION in \(state), where no OPEN was sent")
            }
        }
        let notification = NotificationMessage(code: .finiteStateMachineError, subcode: subcode)
        fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
    }
}

// MARK: - NOTIFICATIONs the machine composes

extension NotificationMessage {
    /// Cease / Administrative Shutdown (RFC 4486 §4) for ManualStop, with the RFC 9003 shutdown
    /// communication when there is one.
    static func administrativeShutdown(_ communication: String?) -> NotificationMessage {
        guard let communication else {
            return NotificationMessage(code: .cease, subcode: CeaseSubcode.administrativeShutdown)
        }
        return .cease(CeaseSubcode.administrativeShutdown, message: communication)
    }

    /// Cease / Connection Collision Resolution (RFC 4486 §4) for OpenCollisionDump.
    static let connectionCollision = NotificationMessage(
        code: .cease, subcode: CeaseSubcode.connectionCollisionResolution)

    /// Hold Timer Expired (RFC 4271 §6.5).
    static let holdTimerExpired = NotificationMessage(code: .holdTimerExpired)
}
