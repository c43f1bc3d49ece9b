// The RFC 4271 §8.2.2 transition table as data: one row per (state, event) the RFC defines, plus
// the variants that depend on the DelayOpenTimer or SendNOTIFICATIONwithoutOPEN, plus the inputs
// outside RFC 4271. Each row names the next state and the key actions; a second test checks that
// no (state, event) pair is missing.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

/// One row: from a start point, an event leads to a state with these actions.
struct TransitionRow: Sendable, CustomTestStringConvertible {
    var start: StartPoint
    var event: SessionEvent
    var next: SessionState
    /// No action at all ("ignored", "does not cause change in the state").
    var ignored = false
    /// Messages sent, in order.
    var sends: [Sent] = []
    var drops = false
    var initiates = false
    /// Timers started (or restarted).
    var starts: Set<SessionTimer> = []
    /// Timers stopped; `nil` when the row does not care.
    var stops: Set<SessionTimer>?
    /// The ConnectRetryCounter afterwards.
    var counter = 0
    /// The reason reported by ``SessionAction/sessionDown(_:)``, when the row falls to Idle.
    var down: SessionDownReason?
    var establishes = false
    var delivers = false
    var sourceLocation: SourceLocation

    var testDescription: String { "\(start) + \(event.kind) -> \(next)" }
}

// MARK: - Row builders

private let startKinds: [SessionEventKind] = [
    .manualStart, .automaticStart, .manualStartWithPassiveTCPEstablishment, .automaticStartWithPassiveTCPEstablishment,
    .automaticStartWithDampPeerOscillations, .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment,
]
private let ownerRequests: [SessionEventKind] = [.dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh]
private let secondConnection: [SessionEventKind] = [
    .tcpConnectionValid, .tcpConnectionRequestInvalid, .tcpConnectionRequestAcked, .tcpConnectionConfirmed,
]

private func location(_ fileID: String, _ filePath: String, _ line: Int, _ column: Int) -> SourceLocation {
    SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column)
}

/// A row; `event` defaults to the fixture event of `kind`.
private func row(
    _ start: StartPoint, _ kind: SessionEventKind, event: SessionEvent? = nil, to next: SessionState,
    sends: [Sent] = [], drops: Bool = false, initiates: Bool = false, starts: Set<SessionTimer> = [],
    stops: Set<SessionTimer>? = nil, counter: Int = 0, down: SessionDownReason? = nil, establishes: Bool = false,
    delivers: Bool = false,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> TransitionRow {
    let event = event ?? Fixture.event(kind)
    precondition(event.kind == kind, "row event \(event) is not \(kind)")
    return TransitionRow(start: start, event: event, next: next, sends: sends, drops: drops, initiates: initiates,
                         starts: starts, stops: stops, counter: counter, down: down, establishes: establishes,
                         delivers: delivers, sourceLocation: location(fileID, filePath, line, column))
}

/// A fall to Idle counted as a failure: the TCP connection dropped, ConnectRetryCounter 1, the
/// IdleHoldTimer started (damping is on in the fixture).
private func fails(
    _ start: StartPoint, _ kind: SessionEventKind, event: SessionEvent? = nil, sends: [Sent] = [],
    stops: Set<SessionTimer>, down: SessionDownReason,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> TransitionRow {
    row(start, kind, event: event, to: .idle, sends: sends, drops: true, starts: [.idleHold], stops: stops, counter: 1,
        down: down, fileID: fileID, filePath: filePath, line: line, column: column)
}

/// Rows for events that change nothing and produce no action.
private func ignored(
    _ start: StartPoint, _ kinds: [SessionEventKind],
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> [TransitionRow] {
    kinds.map {
        TransitionRow(start: start, event: Fixture.event($0), next: start.state, ignored: true,
                      sourceLocation: location(fileID, filePath, line, column))
    }
}

private func fsm(_ subcode: UInt8) -> SessionDownReason {
    .notificationSent(NotificationMessage(code: .finiteStateMachineError, subcode: subcode))
}

private func unexpected(_ kind: SessionEventKind) -> SessionDownReason { .unexpectedEvent(kind) }

private let received = SessionDownReason.notificationReceived
private let badPeerAS = NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.badPeerAS)
private let unacceptableHold = NotificationMessage(code: .openMessageError,
                                                   subcode: OpenMessageSubcode.unacceptableHoldTime)

// MARK: - The table

enum TransitionTable {
    static let idle: [TransitionRow] = [
        row(.idle, .manualStart, to: .connect, initiates: true, starts: [.connectRetry]),
        row(.idle, .automaticStart, to: .connect, initiates: true, starts: [.connectRetry]),
        row(.idle, .manualStartWithPassiveTCPEstablishment, to: .active, starts: [.connectRetry]),
        row(.idle, .automaticStartWithPassiveTCPEstablishment, to: .active, starts: [.connectRetry]),
        row(.idle, .automaticStartWithDampPeerOscillations, to: .connect, initiates: true, starts: [.connectRetry]),
        row(.idle, .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment, to: .active,
            starts: [.connectRetry]),
        // While the IdleHoldTimer runs: automatic starts wait, manual ones go ahead.
        row(.idleHolding, .manualStart, to: .connect, initiates: true, starts: [.connectRetry], stops: [.idleHold]),
        row(.idleHolding, .manualStartWithPassiveTCPEstablishment, to: .active, starts: [.connectRetry],
            stops: [.idleHold]),
        row(.idleHolding, .manualStop, to: .idle, stops: [.idleHold]),
    ]
        // "The ManualStop event (Event 2) and AutomaticStop (Event 8) event are ignored in the Idle state."
        // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change".
        + ignored(.idle, SessionEventKind.allCases.filter { !startKinds.contains($0) })
        + ignored(.idleHolding, [
            .automaticStart, .automaticStartWithPassiveTCPEstablishment, .automaticStartWithDampPeerOscillations,
            .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment, .automaticStop, .idleHoldTimerExpires,
        ])

    static let connect: [TransitionRow] = [
        row(.connect, .manualStop, to: .idle, drops: true, stops: [.connectRetry], down: .manualStop),
        fails(.connect, .automaticStop, stops: [.connectRetry], down: .automaticStop),
        // Issue 15 #2: stays in Connect; the owner abandons the old attempt (see BGPDriverTests).
        row(.connect, .connectRetryTimerExpires, to: .connect, drops: true, initiates: true, starts: [.connectRetry],
            stops: []),
        fails(.connect, .holdTimerExpires, stops: [.connectRetry], down: unexpected(.holdTimerExpires)),
        fails(.connect, .keepaliveTimerExpires, stops: [.connectRetry], down: unexpected(.keepaliveTimerExpires)),
        row(.connect, .delayOpenTimerExpires, to: .openSent, sends: [.open], starts: [.hold], stops: [.connectRetry]),
        fails(.connect, .idleHoldTimerExpires, stops: [.connectRetry], down: unexpected(.idleHoldTimerExpires)),
        row(.connect, .tcpConnectionRequestAcked, to: .openSent, sends: [.open], starts: [.hold],
            stops: [.connectRetry]),
        row(.connect, .tcpConnectionConfirmed, to: .openSent, sends: [.open], starts: [.hold], stops: [.connectRetry]),
        // RFC 4271 does not increment the counter here; damping still applies (a refused connection).
        row(.connect, .tcpConnectionFails, to: .idle, drops: true, starts: [.idleHold], stops: [.connectRetry],
            counter: 0, down: .tcpConnectionFailed),
        fails(.connect, .bgpOpen, stops: [.connectRetry], down: unexpected(.bgpOpen)),
        row(.connect, .bgpOpenWithDelayOpenTimerRunning, to: .openConfirm, sends: [.open, .keepalive],
            starts: [.keepalive, .hold], stops: [.connectRetry]),
        fails(.connect, .bgpHeaderError, stops: [.connectRetry], down: .invalidMessage(Fixture.headerError)),
        fails(.connect, .bgpOpenMessageError, stops: [.connectRetry], down: .invalidMessage(Fixture.openError)),
        fails(.connect, .openCollisionDump, stops: [.connectRetry], down: .connectionCollision),
        fails(.connect, .notificationVersionError, stops: [.connectRetry], down: received(Fixture.versionError)),
        fails(.connect, .notification, stops: [.connectRetry], down: received(Fixture.peerCease)),
        fails(.connect, .keepaliveMessage, stops: [.connectRetry], down: unexpected(.keepaliveMessage)),
        fails(.connect, .updateMessage, stops: [.connectRetry], down: unexpected(.updateMessage)),
        fails(.connect, .updateMessageError, stops: [.connectRetry], down: unexpected(.updateMessageError)),
        fails(.connect, .routeRefreshMessage, stops: [.connectRetry], down: unexpected(.routeRefreshMessage)),

        // With the DelayOpenTimer running (TCP up, our OPEN held back).
        row(.connectDelayingOpen, .manualStop, to: .idle, drops: true, stops: [.delayOpen], down: .manualStop),
        row(.connectDelayingOpenNotifying, .manualStop, to: .idle, sends: [.notification(6, 2)], drops: true,
            stops: [.delayOpen], down: .manualStop),
        row(.connectDelayingOpen, .connectRetryTimerExpires, to: .connect, drops: true, initiates: true,
            starts: [.connectRetry], stops: [.delayOpen]),
        row(.connectDelayingOpen, .delayOpenTimerExpires, to: .openSent, sends: [.open], starts: [.hold], stops: []),
        row(.connectDelayingOpen, .tcpConnectionRequestAcked, to: .connect, starts: [.delayOpen], stops: []),
        row(.connectDelayingOpen, .tcpConnectionFails, to: .active, drops: true, starts: [.connectRetry],
            stops: [.delayOpen]),
        row(.connectDelayingOpen, .bgpOpenWithDelayOpenTimerRunning, to: .openConfirm, sends: [.open, .keepalive],
            starts: [.keepalive, .hold], stops: [.delayOpen]),
        fails(.connectDelayingOpen, .bgpOpenWithDelayOpenTimerRunning,
              event: .bgpOpenWithDelayOpenTimerRunning(Fixture.peerOpen(asn: 65099)), stops: [.delayOpen],
              down: .invalidMessage(badPeerAS)),
        fails(.connectDelayingOpen, .bgpHeaderError, stops: [.delayOpen], down: .invalidMessage(Fixture.headerError)),
        fails(.connectDelayingOpenNotifying, .bgpHeaderError, sends: [.notification(1, 2)], stops: [.delayOpen],
              down: .notificationSent(Fixture.headerError)),
        fails(.connectDelayingOpenNotifying, .bgpOpenMessageError, sends: [.notification(2, 4)], stops: [.delayOpen],
              down: .notificationSent(Fixture.openError)),
        row(.connectDelayingOpen, .notificationVersionError, to: .idle, drops: true, stops: [.delayOpen], counter: 0,
            down: received(Fixture.versionError)),
        fails(.connectDelayingOpen, .notification, stops: [.delayOpen], down: received(Fixture.peerCease)),
        fails(.connectDelayingOpen, .keepaliveMessage, stops: [.delayOpen], down: unexpected(.keepaliveMessage)),
    ]
        + ignored(.connect, startKinds + [.tcpConnectionValid, .tcpConnectionRequestInvalid] + ownerRequests)

    static let active: [TransitionRow] = [
        row(.active, .manualStop, to: .idle, drops: true, stops: [.connectRetry], down: .manualStop),
        fails(.active, .automaticStop, stops: [.connectRetry], down: .automaticStop),
        row(.active, .connectRetryTimerExpires, to: .connect, initiates: true, starts: [.connectRetry], stops: []),
        fails(.active, .holdTimerExpires, stops: [.connectRetry], down: unexpected(.holdTimerExpires)),
        fails(.active, .keepaliveTimerExpires, stops: [.connectRetry], down: unexpected(.keepaliveTimerExpires)),
        row(.active, .delayOpenTimerExpires, to: .openSent, sends: [.open], starts: [.hold], stops: [.connectRetry]),
        fails(.active, .idleHoldTimerExpires, stops: [.connectRetry], down: unexpected(.idleHoldTimerExpires)),
        row(.active, .tcpConnectionRequestAcked, to: .openSent, sends: [.open], starts: [.hold],
            stops: [.connectRetry]),
        row(.active, .tcpConnectionConfirmed, to: .openSent, sends: [.open], starts: [.hold], stops: [.connectRetry]),
        fails(.active, .tcpConnectionFails, stops: [.connectRetry], down: .tcpConnectionFailed),
        fails(.active, .bgpOpen, stops: [.connectRetry], down: unexpected(.bgpOpen)),
        row(.active, .bgpOpenWithDelayOpenTimerRunning, to: .openConfirm, sends: [.open, .keepalive],
            starts: [.keepalive, .hold], stops: [.connectRetry]),
        fails(.active, .bgpHeaderError, stops: [.connectRetry], down: .invalidMessage(Fixture.headerError)),
        fails(.active, .bgpOpenMessageError, stops: [.connectRetry], down: .invalidMessage(Fixture.openError)),
        fails(.active, .openCollisionDump, stops: [.connectRetry], down: .connectionCollision),
        fails(.active, .notificationVersionError, stops: [.connectRetry], down: received(Fixture.versionError)),
        fails(.active, .notification, stops: [.connectRetry], down: received(Fixture.peerCease)),
        fails(.active, .keepaliveMessage, stops: [.connectRetry], down: unexpected(.keepaliveMessage)),
        fails(.active, .updateMessage, stops: [.connectRetry], down: unexpected(.updateMessage)),
        fails(.active, .updateMessageError, stops: [.connectRetry], down: unexpected(.updateMessageError)),
        fails(.active, .routeRefreshMessage, stops: [.connectRetry], down: unexpected(.routeRefreshMessage)),

        // With the DelayOpenTimer running.
        row(.activeDelayingOpen, .manualStop, to: .idle, drops: true, stops: [.delayOpen], down: .manualStop),
        row(.activeDelayingOpenNotifying, .manualStop, to: .idle, sends: [.notification(6, 2)], drops: true,
            stops: [.delayOpen], down: .manualStop),
        row(.activeDelayingOpen, .delayOpenTimerExpires, to: .openSent, sends: [.open], starts: [.hold], stops: []),
        row(.activeDelayingOpen, .tcpConnectionConfirmed, to: .active, starts: [.delayOpen], stops: []),
        fails(.activeDelayingOpen, .tcpConnectionFails, stops: [.delayOpen], down: .tcpConnectionFailed),
        row(.activeDelayingOpen, .bgpOpenWithDelayOpenTimerRunning, to: .openConfirm, sends: [.open, .keepalive],
            starts: [.keepalive, .hold], stops: [.delayOpen]),
        fails(.activeDelayingOpenNotifying, .bgpOpenMessageError, sends: [.notification(2, 4)], stops: [.delayOpen],
              down: .notificationSent(Fixture.openError)),
        row(.activeDelayingOpen, .notificationVersionError, to: .idle, drops: true, stops: [.delayOpen], counter: 0,
            down: received(Fixture.versionError)),
    ]
        + ignored(.active, startKinds + [.tcpConnectionValid, .tcpConnectionRequestInvalid] + ownerRequests)

    static let openSent: [TransitionRow] = [
        row(.openSent, .manualStop, to: .idle, sends: [.notification(6, 2)], drops: true, stops: [.hold],
            down: .manualStop),
        fails(.openSent, .automaticStop, sends: [.notification(6, 1)], stops: [.hold], down: .automaticStop),
        fails(.openSent, .connectRetryTimerExpires, sends: [.notification(5, 0)], stops: [.hold], down: fsm(0)),
        fails(.openSent, .holdTimerExpires, sends: [.notification(4, 0)], stops: [], down: .holdTimerExpired),
        fails(.openSent, .keepaliveTimerExpires, sends: [.notification(5, 0)], stops: [.hold], down: fsm(0)),
        fails(.openSent, .delayOpenTimerExpires, sends: [.notification(5, 0)], stops: [.hold], down: fsm(0)),
        fails(.openSent, .idleHoldTimerExpires, sends: [.notification(5, 0)], stops: [.hold], down: fsm(0)),
        row(.openSent, .tcpConnectionFails, to: .active, drops: true, starts: [.connectRetry], stops: [.hold]),
        row(.openSent, .bgpOpen, to: .openConfirm, sends: [.keepalive], starts: [.keepalive, .hold], stops: []),
        fails(.openSent, .bgpOpen, event: .bgpOpen(Fixture.peerOpen(holdTime: 2)), sends: [.notification(2, 6)],
              stops: [.hold], down: .notificationSent(unacceptableHold)),
        fails(.openSent, .bgpOpenWithDelayOpenTimerRunning, sends: [.notification(5, 1)], stops: [.hold],
              down: fsm(1)),
        fails(.openSent, .bgpHeaderError, sends: [.notification(1, 2)], stops: [.hold],
              down: .notificationSent(Fixture.headerError)),
        fails(.openSent, .bgpOpenMessageError, sends: [.notification(2, 4)], stops: [.hold],
              down: .notificationSent(Fixture.openError)),
        fails(.openSent, .openCollisionDump, sends: [.notification(6, 7)], stops: [.hold], down: .connectionCollision),
        row(.openSent, .notificationVersionError, to: .idle, drops: true, stops: [.hold], counter: 0,
            down: received(Fixture.versionError)),
        fails(.openSent, .notification, stops: [.hold], down: received(Fixture.peerCease)),
        fails(.openSent, .keepaliveMessage, sends: [.notification(5, 1)], stops: [.hold], down: fsm(1)),
        fails(.openSent, .updateMessage, sends: [.notification(5, 1)], stops: [.hold], down: fsm(1)),
        fails(.openSent, .updateMessageError, sends: [.notification(5, 1)], stops: [.hold], down: fsm(1)),
        fails(.openSent, .routeRefreshMessage, sends: [.notification(5, 1)], stops: [.hold], down: fsm(1)),
    ]
        + ignored(.openSent, startKinds + secondConnection + ownerRequests)

    static let openConfirm: [TransitionRow] = [
        row(.openConfirm, .manualStop, to: .idle, sends: [.notification(6, 2)], drops: true, stops: [.keepalive, .hold],
            down: .manualStop),
        fails(.openConfirm, .automaticStop, sends: [.notification(6, 1)], stops: [.keepalive, .hold],
              down: .automaticStop),
        fails(.openConfirm, .connectRetryTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.openConfirm, .holdTimerExpires, sends: [.notification(4, 0)], stops: [.keepalive],
              down: .holdTimerExpired),
        row(.openConfirm, .keepaliveTimerExpires, to: .openConfirm, sends: [.keepalive], starts: [.keepalive]),
        fails(.openConfirm, .delayOpenTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.openConfirm, .idleHoldTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.openConfirm, .tcpConnectionFails, stops: [.keepalive, .hold], down: .tcpConnectionFailed),
        fails(.openConfirm, .bgpOpen, sends: [.notification(5, 2)], stops: [.keepalive, .hold], down: fsm(2)),
        fails(.openConfirm, .bgpOpenWithDelayOpenTimerRunning, sends: [.notification(5, 2)],
              stops: [.keepalive, .hold], down: fsm(2)),
        fails(.openConfirm, .bgpHeaderError, sends: [.notification(1, 2)], stops: [.keepalive, .hold],
              down: .notificationSent(Fixture.headerError)),
        fails(.openConfirm, .bgpOpenMessageError, sends: [.notification(2, 4)], stops: [.keepalive, .hold],
              down: .notificationSent(Fixture.openError)),
        fails(.openConfirm, .openCollisionDump, sends: [.notification(6, 7)], stops: [.keepalive, .hold],
              down: .connectionCollision),
        row(.openConfirm, .notificationVersionError, to: .idle, drops: true, stops: [.keepalive, .hold], counter: 0,
            down: received(Fixture.versionError)),
        fails(.openConfirm, .notification, stops: [.keepalive, .hold], down: received(Fixture.peerCease)),
        row(.openConfirm, .keepaliveMessage, to: .established, starts: [.hold], stops: [], establishes: true),
        fails(.openConfirm, .updateMessage, sends: [.notification(5, 2)], stops: [.keepalive, .hold], down: fsm(2)),
        fails(.openConfirm, .updateMessageError, sends: [.notification(5, 2)], stops: [.keepalive, .hold],
              down: fsm(2)),
        fails(.openConfirm, .routeRefreshMessage, sends: [.notification(5, 2)], stops: [.keepalive, .hold],
              down: fsm(2)),
    ]
        + ignored(.openConfirm, startKinds + secondConnection + ownerRequests)

    static let established: [TransitionRow] = [
        row(.established, .manualStop, to: .idle, sends: [.notification(6, 2)], drops: true, stops: [.keepalive, .hold],
            down: .manualStop),
        fails(.established, .automaticStop, sends: [.notification(6, 1)], stops: [.keepalive, .hold],
              down: .automaticStop),
        fails(.established, .connectRetryTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.established, .holdTimerExpires, sends: [.notification(4, 0)], stops: [.keepalive],
              down: .holdTimerExpired),
        row(.established, .keepaliveTimerExpires, to: .established, sends: [.keepalive], starts: [.keepalive]),
        fails(.established, .delayOpenTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.established, .idleHoldTimerExpires, sends: [.notification(5, 0)], stops: [.keepalive, .hold],
              down: fsm(0)),
        fails(.established, .tcpConnectionFails, stops: [.keepalive, .hold], down: .tcpConnectionFailed),
        fails(.established, .bgpOpen, sends: [.notification(5, 3)], stops: [.keepalive, .hold], down: fsm(3)),
        fails(.established, .bgpOpenWithDelayOpenTimerRunning, sends: [.notification(5, 3)],
              stops: [.keepalive, .hold], down: fsm(3)),
        fails(.established, .bgpHeaderError, sends: [.notification(1, 2)], stops: [.keepalive, .hold],
              down: .notificationSent(Fixture.headerError)),
        fails(.established, .bgpOpenMessageError, sends: [.notification(5, 3)], stops: [.keepalive, .hold],
              down: fsm(3)),
        fails(.established, .openCollisionDump, sends: [.notification(6, 7)], stops: [.keepalive, .hold],
              down: .connectionCollision),
        fails(.established, .notificationVersionError, stops: [.keepalive, .hold],
              down: received(Fixture.versionError)),
        fails(.established, .notification, stops: [.keepalive, .hold], down: received(Fixture.peerCease)),
        row(.established, .keepaliveMessage, to: .established, starts: [.hold]),
        row(.established, .updateMessage, to: .established, starts: [.hold], delivers: true),
        fails(.established, .updateMessageError, sends: [.notification(3, 1)], stops: [.keepalive, .hold],
              down: .notificationSent(Fixture.updateError)),
        row(.established, .routeRefreshMessage, to: .established, starts: [.hold], delivers: true),
        row(.established, .sendUpdate, to: .established, sends: [.update], starts: [.keepalive]),
        row(.established, .sendRouteRefresh, to: .established, sends: [.routeRefresh]),
    ]
        + ignored(.established, startKinds + secondConnection + [.dampingResetTimerExpires])

    static let rows: [TransitionRow] = idle + connect + active + openSent + openConfirm + established
}

// MARK: - Tests

@Suite struct TransitionTableTests {
    @Test(arguments: TransitionTable.rows)
    func transition(_ row: TransitionRow) {
        var session = row.start.machine()
        let actions = session.handle(row.event)
        let at = row.sourceLocation

        #expect(session.state == row.next, sourceLocation: at)
        if session.state == .idle {
            #expect(session.runningTimers.isSubset(of: [.idleHold]), "only the IdleHoldTimer runs in Idle",
                    sourceLocation: at)
        }
        if row.ignored {
            #expect(actions.isEmpty, "ignored, yet: \(actions)", sourceLocation: at)
            return
        }
        #expect(actions.sent == row.sends, sourceLocation: at)
        #expect(actions.contains(.dropTCPConnection) == row.drops, sourceLocation: at)
        #expect(actions.contains(.initiateTCPConnection) == row.initiates, sourceLocation: at)
        #expect(Set(actions.startedTimers.keys) == row.starts, sourceLocation: at)
        if let stops = row.stops {
            #expect(actions.stoppedTimers == stops, sourceLocation: at)
        }
        #expect(session.connectRetryCounter == row.counter, sourceLocation: at)
        #expect(actions.downReason == row.down, sourceLocation: at)
        if row.next == .idle && row.start.state != .idle {
            #expect(row.down != nil, "a fall to Idle must name its reason", sourceLocation: at)
        }
        #expect((actions.established != nil) == row.establishes, sourceLocation: at)
        let delivered = actions.contains {
            switch $0 {
            case .deliverUpdate, .deliverRouteRefresh: true
            default: false
            }
        }
        #expect(delivered == row.delivers, sourceLocation: at)
        let expectedChanges: [SessionAction] = row.next == row.start.state
            ? [] : [.stateChanged(from: row.start.state, to: row.next)]
        #expect(actions.stateChanges == expectedChanges, sourceLocation: at)
    }

    @Test func tableCoversEveryStateAndEvent() {
        struct Pair: Hashable {
            var state: SessionState
            var kind: SessionEventKind
        }
        let covered = Set(TransitionTable.rows.map { Pair(state: $0.start.state, kind: $0.event.kind) })
        for state in SessionState.allCases {
            for kind in SessionEventKind.allCases {
                #expect(covered.contains(Pair(state: state, kind: kind)), "no row for \(state) × \(kind)")
            }
        }
        // The 6 × 28 pairs RFC 4271 §8.2.2 defines are all there.
        let rfcPairs = covered.filter { $0.kind.rfcNumber != nil }
        #expect(rfcPairs.count == 6 * 28)
        #expect(SessionEventKind.allCases.compactMap(\.rfcNumber) == Array(1 ... 28))
    }

    @Test func everyStartPointIsUsedAndReachable() {
        let used = Set(TransitionTable.rows.map(\.start))
        #expect(used == Set(StartPoint.allCases))
        for start in StartPoint.allCases {
            #expect(start.machine().state == start.state)
        }
    }
}
