import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The sessions: each side's ``BGPDriver/SessionDriver`` over the in-memory link.
extension RouteSimulation {
    /// Feeds an event to one side's machine.
    mutating func signal(_ t: Int, _ side: TunnelSide, _ event: SessionEvent) {
        drive(t, side, .event(event))
    }

    /// Applies one input to one side's driver, then performs what it asked, in order.
    @discardableResult
    mutating func drive(_ t: Int, _ side: TunnelSide, _ input: DriverInput) -> Bool {
        if side == .dataCenter { noteDataCenterRoutes(t) }
        // Taken out of the tunnel for the call, so that the driver's tables are never shared (no copy).
        guard var speaker = (side == .cloud ? tunnels[t].cloud.take() : tunnels[t].dataCenter.take()) else { return false }
        var link = SimulatedLink(nextAttempt: nextAttempt)
        let kept = side == .cloud
            ? speaker.driver.apply(input, &link, &routes)
            : speaker.driver.apply(input, &link, &speaker.dataCenterRoutes)
        nextAttempt = link.nextAttempt
        if side == .cloud { tunnels[t].cloud = speaker } else { tunnels[t].dataCenter = speaker }
        perform(link.commands, t, side)
        advertise(routes.takeChanges())
        return kept
    }

    /// Performs a driver's commands in order on the link and the clock.
    mutating func perform(_ commands: [SimulatedLink.Command], _ t: Int, _ side: TunnelSide) {
        for command in commands {
            switch command {
            case .connect(let attempt):
                // A SYN over a tunnel that is down is lost: the ConnectRetryTimer tries again.
                if tunnels[t].passesPackets {
                    queue.schedule(.connectionRequest(tunnel: t, from: side, attempt: attempt), at: now + settings.linkDelay)
                }
            case .close(let connection):
                if connection.rawValue >= 0, tunnels[t].passesPackets {
                    queue.schedule(.closed(tunnel: t, to: side.other, connection: connection.rawValue), at: now + settings.linkDelay)
                }
            case .send(let bytes, let connection):
                if tunnels[t].passesPackets {
                    queue.schedule(.bytes(tunnel: t, to: side.other, connection: connection.rawValue, bytes: bytes), at: now + settings.linkDelay)
                }
            case .startTimer(let timer, let duration):
                let generation = speaker(t, side) { speaker -> Int in
                    speaker.timerGenerations[timer, default: 0] += 1
                    return speaker.timerGenerations[timer]!
                } ?? 0
                queue.schedule(.timer(tunnel: t, side: side, timer: timer, generation: generation), at: now + duration)
            case .stopTimer(let timer):
                speaker(t, side) { $0.timerGenerations[timer, default: 0] += 1 }
            case .report(let report):
                self.report(report, t, side)
            }
        }
    }

    /// What the simulation log shows of a driver's report.
    mutating func report(_ report: DriverReport, _ t: Int, _ side: TunnelSide) {
        switch report {
        case .established(let negotiated):
            speaker(t, side) { speaker in
                speaker.lastError = nil
                speaker.lastLoggedDown = nil
            }
            record(subject(t, side), "BGP Established (hold time \(negotiated.holdTime.simulationSeconds) s)")
        case .down(let reason, let wasEstablished):
            let text = "\(reason)"
            let logged = speaker(t, side) { speaker -> String? in
                defer {
                    speaker.lastError = text
                    speaker.lastLoggedDown = text
                }
                return speaker.lastLoggedDown
            } ?? nil
            if wasEstablished || logged != text {
                record(subject(t, side), "BGP down: \(text)")
            }
            // The routes learned over the session are gone: the other sessions hear of it first.
            advertise(routes.takeChanges())
        case .notificationSent(let notification):
            record(subject(t, side), "NOTIFICATION sent: \(notification)")
        case .updateReceived, .treatedAsWithdraw, .nextHopUnusable, .unsendable, .collision, .familyDisabled:
            record(subject(t, side), "\(report)")
        case .stateChanged, .endOfRIBReceived, .routeRefreshAnswered, .peerRefreshStarted, .peerRefreshEnded,
             .secondConnectionClosed:
            break
        }
    }

    // MARK: The in-memory TCP connection

    /// A SYN arrives: the receiving driver accepts it if it can (RFC 4271 §8.2.2); anything else
    /// answers with a reset.
    mutating func connectionRequest(_ t: Int, from: TunnelSide, attempt: Int) {
        guard tunnels[t].passesPackets else { return }
        let to = from.other
        var accepted: Int?
        if tunnels[t][to]?.driver.acceptsConnection == true {
            accepted = nextConnection
            nextConnection += 1
        }
        queue.schedule(.connectionAnswer(tunnel: t, to: from, attempt: attempt, connection: accepted), at: now + settings.linkDelay)
        if let accepted { drive(t, to, .accepted(ConnectionID(rawValue: accepted))) }
    }

    /// The SYN-ACK or the reset reaches the side that connected.
    mutating func connectionAnswer(_ t: Int, to side: TunnelSide, attempt: Int, connection: Int?) {
        guard tunnels[t].passesPackets, tunnels[t][side] != nil else { return }
        let id = SimulatedLink.attemptID(attempt)
        if let connection {
            drive(t, side, .connected(attempt: id, as: ConnectionID(rawValue: connection)))
        } else {
            drive(t, side, .connectFailed(attempt: id))
        }
    }

    // MARK: Routes

    /// Sends the `CLOUD` rows that changed to the established sessions of their connections.
    mutating func advertise(_ changes: [String: Set<IPv4Prefix>?]) {
        for id in changes.keys.sorted() {
            for t in tunnels.indices where tunnels[t].connectionID == id {
                synchronize(t, .cloud, prefixes: changes[id] ?? nil)
            }
        }
    }

    /// Re-synchronizes every cloud session with the model (after a change outside an UPDATE).
    mutating func advertiseAll() {
        for t in tunnels.indices { synchronize(t, .cloud, prefixes: nil) }
    }

    /// Makes the peer's routes for `prefixes` (every prefix when `nil`) match what this side
    /// offers. Sends nothing unless the session is Established.
    mutating func synchronize(_ t: Int, _ side: TunnelSide, prefixes: Set<IPv4Prefix>?) {
        guard tunnels[t][side]?.session.state == .established else { return }
        drive(t, side, .synchronize(prefixes))
    }
}
