// A virtual clock that drives a BGPSession: it performs the timer actions, fires expiries in
// deadline order when time advances, and records what was sent when. No test sleeps.

import BGPSession
import BGPWire

struct VirtualClockDriver {
    var session: BGPSession
    /// Virtual time since the driver was created.
    private(set) var now: Duration = .zero
    /// The deadline of every running timer.
    private(set) var deadlines: [SessionTimer: Duration] = [:]
    /// Every action with the time it was returned.
    private(set) var log: [(time: Duration, action: SessionAction)] = []

    init(config: SessionConfig) {
        session = BGPSession(config: config)
    }

    /// Feeds an event at the current time and performs the timer actions.
    @discardableResult
    mutating func handle(_ event: SessionEvent) -> [SessionAction] {
        let actions = session.handle(event)
        for action in actions {
            log.append((now, action))
            switch action {
            case .startTimer(let timer, let duration): deadlines[timer] = now + duration
            case .stopTimer(let timer): deadlines[timer] = nil
            default: break
            }
        }
        return actions
    }

    /// Moves the clock to `time`, firing every timer due by then, earliest first.
    mutating func advance(to time: Duration) {
        precondition(time >= now, "the virtual clock only moves forward")
        while let (timer, due) = deadlines.min(by: { $0.value < $1.value }), due <= time {
            now = due
            deadlines[timer] = nil
            handle(Self.expiry(of: timer))
        }
        now = time
    }

    mutating func advance(by duration: Duration) {
        advance(to: now + duration)
    }

    static func expiry(of timer: SessionTimer) -> SessionEvent {
        switch timer {
        case .connectRetry: .connectRetryTimerExpires
        case .hold: .holdTimerExpires
        case .keepalive: .keepaliveTimerExpires
        case .delayOpen: .delayOpenTimerExpires
        case .idleHold: .idleHoldTimerExpires
        case .dampingReset: .dampingResetTimerExpires
        }
    }

    /// The times at which messages matching `predicate` were sent.
    func sendTimes(where predicate: (BGPMessage) -> Bool) -> [Duration] {
        log.compactMap { entry in
            if case .send(let message) = entry.action, predicate(message) { entry.time } else { nil }
        }
    }

    var keepaliveTimes: [Duration] { sendTimes { $0 == .keepalive } }
}
