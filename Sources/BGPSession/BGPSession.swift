// BGPSession: the BGP-4 finite state machine of RFC 4271 §8 as a value.
//
// The machine performs no I/O and reads no clock. Its owner (a speaker with sockets, or a
// simulator with in-memory links and a virtual clock) feeds it events and performs the actions it
// returns, in order:
//
//     owner ── SessionEvent ──▶ BGPSession.handle(_:) ──▶ [SessionAction] ──▶ owner
//           (messages, TCP, timer                       (send, connect, drop, start/stop
//            expiries, start/stop)                       timers, established/down, deliver)
//
// One machine drives one TCP connection (RFC 4271 §8.2.1). Connection collisions (§6.8) are
// resolved by the owner with ConnectionCollision, which tells it which machine gets
// OpenCollisionDump. Supported RFCs: 4271 (FSM, OPEN checks), 5492 (capabilities), 6793 (4-octet
// AS), 4760 (multiprotocol families), 2918 and 7313 (route refresh), 8654 (extended messages),
// 6608 (FSM error subcodes), 4486, 8203 and 9003 (Cease subcodes, shutdown communication),
// 6286 (BGP Identifier).

import BGPWire

/// The RFC 4271 §8 finite state machine of one BGP connection.
///
/// ```swift
/// var session = BGPSession(config: config)
/// for action in session.handle(.manualStart) { perform(action) }
/// ```
///
/// Every input is a ``SessionEvent``; ``handle(_:)`` returns the ``SessionAction``s to perform, in
/// order. Where RFC 4271 §8.2.2 is silent or self-contradictory the choices are documented on the
/// per-state handlers; in short:
///
/// - In Idle only the IdleHoldTimer may run: every fall to Idle stops all other timers (RFC 4271
///   restarts the ConnectRetryTimer on TcpConnectionFails in Active, a timer Idle then ignores).
/// - Every fall to Idle drops the TCP connection and reports ``SessionAction/sessionDown(_:)``.
/// - A NOTIFICATION received in OpenSent is not answered with a Finite State Machine Error (the
///   peer has closed already; RFC 4271 §4.5); the machine goes to Idle as for any other failure.
/// - An OPEN received in OpenConfirm or Established on this connection is an unexpected message
///   (RFC 6608 §3); a collision with an OPEN on the other connection arrives as
///   ``SessionEvent/openCollisionDump``.
/// - A header error in Established sends its own Message Header Error (RFC 4271 §6.1) rather
///   than the Finite State Machine Error the §8.2.2 "any other event" clause would send.
public struct BGPSession: Sendable {
    /// The peering's configuration.
    public let config: SessionConfig
    /// The current state (RFC 4271 §8.2.2).
    public internal(set) var state: SessionState = .idle
    /// ConnectRetryCounter (RFC 4271 §8): failed attempts since the last start or ManualStop.
    public internal(set) var connectRetryCounter: Int = 0
    /// Why the machine last left a connected state, if it did.
    public internal(set) var lastError: SessionDownReason?
    /// The negotiated parameters, from OpenConfirm until the session goes down.
    public internal(set) var negotiated: NegotiatedSession?
    /// The timers this machine started and has not seen stop or expire.
    public internal(set) var runningTimers: Set<SessionTimer> = []
    /// The peer oscillation damping level (used when ``SessionConfig/dampPeerOscillations``).
    public internal(set) var damping: PeerOscillationDamping
    /// An automatic start received while the IdleHoldTimer ran, performed when it expires.
    var pendingAutomaticStart: StartMode?

    /// How a start connects: by initiating a TCP connection, or only by listening.
    enum StartMode: Sendable, Hashable {
        case active
        case passive
    }

    /// A machine in Idle for `config`. The owner should have called ``SessionConfig/validate()``;
    /// values an OPEN cannot carry are rounded (``SessionConfig/advertisedHoldTime``).
    public init(config: SessionConfig) {
        self.config = config
        self.damping = PeerOscillationDamping(initialIdleHoldTime: config.initialIdleHoldTime,
                                              maximumIdleHoldTime: config.maximumIdleHoldTime)
    }

    /// Whether the DelayOpenTimer runs: a received OPEN is then Event 20 rather than 19.
    public var isDelayOpenTimerRunning: Bool { runningTimers.contains(.delayOpen) }

    /// Processes one event (RFC 4271 §8.2.2) and returns the actions to perform, in order.
    public mutating func handle(_ event: SessionEvent) -> [SessionAction] {
        var actions: [SessionAction] = []
        handle(event, into: &actions)
        return actions
    }

    /// Processes one event (RFC 4271 §8.2.2) and appends the actions to perform, in order, to
    /// `actions`: an owner that handles many messages reuses one buffer (no array per message).
    public mutating func handle(_ event: SessionEvent, into actions: inout [SessionAction]) {
        // An expiry means the timer no longer runs, whatever the state makes of it.
        switch event {
        case .connectRetryTimerExpires: runningTimers.remove(.connectRetry)
        case .holdTimerExpires: runningTimers.remove(.hold)
        case .keepaliveTimerExpires: runningTimers.remove(.keepalive)
        case .delayOpenTimerExpires: runningTimers.remove(.delayOpen)
        case .idleHoldTimerExpires: runningTimers.remove(.idleHold)
        case .dampingResetTimerExpires: runningTimers.remove(.dampingReset)
        default: break
        }
        switch state {
        case .idle: handleInIdle(event, &actions)
        case .connect: handleInConnect(event, &actions)
        case .active: handleInActive(event, &actions)
        case .openSent: handleInOpenSent(event, &actions)
        case .openConfirm: handleInOpenConfirm(event, &actions)
        case .established: handleInEstablished(event, &actions)
        }
    }

    /// Processes a decoded message: ``SessionEvent/init(received:delayOpenTimerRunning:)``.
    public mutating func handle(received message: BGPMessage) -> [SessionAction] {
        handle(SessionEvent(received: message, delayOpenTimerRunning: isDelayOpenTimerRunning))
    }

    /// Processes a decode failure: ``SessionEvent/init(decodeError:)`` (Events 21, 22, 28).
    public mutating func handle(decodeError: BGPDecodeError) -> [SessionAction] {
        handle(SessionEvent(decodeError: decodeError))
    }
}
