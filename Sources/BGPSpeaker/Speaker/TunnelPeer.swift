import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// The live state of one tunnel's BGP session: the shared session driver (`BGPDriver.SessionDriver`)
/// and the sockets, attempts and timers its transport maps to the driver's IDs.
///
/// Loop-confined: every member is read and written on the speaker's event-loop thread.
final class TunnelPeer {
    let plan: SpeakerPlan.Tunnel
    var driver: SessionDriver
    /// The driver's connections, by its IDs.
    var connections: [ConnectionID: TCPConnection] = [:]
    /// Outgoing attempts in flight.
    var attempts: [ConnectionID: ConnectAttempt] = [:]
    var nextID = 1
    /// The armed timer of each driver timer, by ``timerSlot(_:)`` (a flood restarts the HoldTimer
    /// per UPDATE: an array index, not a hash).
    var timers = [TimerID?](repeating: nil, count: TunnelPeer.timerSlots)
    /// When each running timer is due (monotonic nanoseconds), by ``timerSlot(_:)``; may be later
    /// than its armed expiry.
    var timerDeadlines = [UInt64?](repeating: nil, count: TunnelPeer.timerSlots)
    /// Inputs that arrived while the driver was busy (a callback fired inside a driver call).
    var pendingInputs: [DriverInput] = []
    var driving = false
    /// `transit-bgp shutdown`: stays down until `start`.
    var adminDown = false
    /// `transit-bgp tunnel … down`: the IPsec tunnel is gone, so is the session.
    var tunnelDown = false
    /// Dead peer detection found the peer silent: the tunnel is down until a session is Established again.
    var deadPeerDown = false
    var lastError: String?
    /// Lines the log rate limit held back.
    var logLimiter = LogRateLimiter()

    init(plan: SpeakerPlan.Tunnel, config: SessionConfig) {
        self.plan = plan
        self.driver = SessionDriver(
            config: config, key: RouteSessionKey(connectionID: plan.connectionID, tunnel: plan.index),
            export: ExternalExport(localAS: plan.localASN, nextHop: plan.localAddress), ownAddresses: [plan.localAddress])
    }

    /// The machine's timers and the second connection's OpenSent hold timer.
    static let timerSlots = 7

    /// A driver timer's index in ``timers`` and ``timerDeadlines``.
    static func timerSlot(_ timer: DriverTimer) -> Int {
        switch timer {
        case .session(.connectRetry): 0
        case .session(.delayOpen): 1
        case .session(.hold): 2
        case .session(.keepalive): 3
        case .session(.dampingReset): 4
        case .session(.idleHold): 5
        case .candidateHold: 6
        }
    }

    var name: String { plan.name }
    var session: BGPSession { driver.session }

    func newID() -> ConnectionID {
        defer { nextID += 1 }
        return ConnectionID(rawValue: nextID)
    }
}

/// At most ``burst`` lines per subject within ``window``; the rest are counted and summarised in the
/// next line let through (a peer flooding ROUTE-REFRESH must not flood the log).
struct LogRateLimiter {
    static let burst = 20
    static let window: UInt64 = 1_000_000_000
    var windowStart: UInt64 = 0
    var lines = 0
    var suppressed = 0

    /// Whether a line at `now` (nanoseconds) may be written; `suppressedBefore` is how many were held back.
    mutating func admit(now: UInt64) -> (admitted: Bool, suppressedBefore: Int) {
        if now &- windowStart >= Self.window {
            windowStart = now
            lines = 0
        }
        guard lines < Self.burst else {
            suppressed += 1
            return (false, 0)
        }
        lines += 1
        defer { suppressed = 0 }
        return (true, suppressed)
    }
}
