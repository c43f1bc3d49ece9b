import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// Runs a topology on a virtual clock: every tunnel negotiates, the data-center routers and the
/// cloud side exchange real encoded BGP messages through ``BGPSession`` machines over in-memory
/// links, the cloud model learns and advertises as the live speaker does, and the timeline's
/// events happen at their times. Pure and deterministic: the same document gives the same run,
/// byte for byte (no wall clock, no threads, no randomness, every collection visited in order).
///
/// The in-memory link delivers packets after ``SimulationSettings/linkDelay`` in the order they
/// were sent, while the tunnel's IPsec SAs are up and the peer answers. The cloud side only accepts
/// connections (the data center connects, so there is no connection collision); RFC 4271 timers
/// (ConnectRetry, Hold, Keepalive, IdleHold) run as scheduled timers of the virtual clock.
public struct RouteSimulation: Sendable {
    public let document: TopologyDocument
    /// The virtual time reached.
    public internal(set) var now: Duration = .zero
    /// The cloud side: connection tables and TR tables as they are at ``now``.
    public internal(set) var model: CloudModel {
        get { routes.model }
        _modify { yield &routes.model }
        set { routes.model = newValue }
    }
    /// The cloud sessions' routes: the model behind the drivers' one adapter.
    var routes: CloudModelAdapter
    /// What happened so far, in order.
    public internal(set) var log: [SimulationLogEntry] = []
    /// When ``runToEnd()`` stops: ``SimulationSettings/duration``, or 180 s after the last event or
    /// expectation.
    public let endTime: Duration
    /// The most occurrences one run handles: a bound that no sane topology reaches.
    public var maximumOccurrences = 50_000_000
    /// The route changes after each timeline event reached so far, in event order (see
    /// ``TimelineRouteChanges``); the last one runs to ``now``.
    public internal(set) var routeChanges: [TimelineRouteChanges] = []
    /// Whether ``routeChanges`` are recorded (each step of the run after the first event keeps a
    /// copy of the model to compare with; a run that does not show them can turn it off).
    public var recordsRouteChanges = true
    /// The model at the start of the current step of the run (route changes are being recorded).
    var stepStart: CloudModel?
    /// What each data center had received at the start of the step, for the tunnels whose data
    /// center's driver ran in it (route changes are being recorded).
    var stepDataCenterRoutes: [Int: [IPv4Prefix: PathAttributes]] = [:]

    var tunnels: [SimulatedTunnel] = []
    var queue = EventQueue<Occurrence>()
    var routeMaps: [CenRouteMap]
    var nextConnection = 1
    var nextAttempt = 1
    var occurrences = 0
    var settings: SimulationSettings { document.simulation }

    /// Prepares the run: every tunnel down and negotiating, every session started (time 0).
    public init(document: TopologyDocument) {
        self.document = document
        self.routes = CloudModelAdapter(model: document.model(settled: false))
        self.routeMaps = document.transitRouter.routeMaps
        let lastEvent = document.timeline.map(\.at).max() ?? .zero
        let lastExpectation = document.expectations.compactMap(\.at).max() ?? .zero
        self.endTime = document.simulation.duration ?? max(lastEvent, lastExpectation) + SimulationSettings.settleTime
        self.tunnels = RouteSimulation.tunnels(of: document)
        for (i, event) in document.timeline.enumerated() { queue.schedule(.timeline(i), at: event.at) }
        start()
    }

    /// The tunnels of every connection, attached to the TR or not (reference §10 item 14), with their speakers.
    static func tunnels(of document: TopologyDocument) -> [SimulatedTunnel] {
        let outcomes = document.negotiation()
        let gateways = Dictionary(document.customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let settings = document.simulation
        var result: [SimulatedTunnel] = []
        for connection in document.connections.sorted(by: { $0.id < $1.id }) {
            let dc = document.dataCenters.first { $0.connectionID == connection.id }
            for options in connection.tunnels.sorted(by: { $0.index < $1.index }) {
                var tunnel = SimulatedTunnel(
                    connectionID: connection.id, index: options.index,
                    outcome: outcomes[connection.id]?[options.index] ?? .peerNotResponding,
                    statusBlocks: options.status != .normal, dpdEnabled: options.dpdEnabled,
                    dpdTimeout: .seconds(options.dpdTimeoutSeconds), dataCenterName: dc?.name)
                let side = dc?.tunnels.first { $0.index == options.index }
                tunnel.adminDown = side?.up == false
                if connection.enableTunnelsBGP, let bgp = options.bgp, let peerASN = gateways[options.customerGatewayID]?.asn {
                    let key = RouteSessionKey(connectionID: connection.id, tunnel: options.index)
                    tunnel.cloud = SimulatedSpeaker(driver: SessionDriver(
                        config: SessionConfig(
                            localASN: bgp.localASN, routerID: bgp.localBGPIP, peerASN: peerASN, holdTime: settings.holdTime,
                            keepaliveTime: settings.keepaliveTime, connectRetryTime: settings.connectRetryTime, passive: true,
                            families: [.ipv4Unicast]),
                        key: key, export: ExternalExport(localAS: bgp.localASN, nextHop: bgp.localBGPIP),
                        ownAddresses: [bgp.localBGPIP]))
                    if let dc, dc.bgp {
                        var router = SimulatedSpeaker(driver: SessionDriver(
                            config: SessionConfig(
                                localASN: dc.asn, routerID: bgp.peerBGPIP, peerASN: bgp.localASN, holdTime: settings.holdTime,
                                keepaliveTime: settings.keepaliveTime, connectRetryTime: settings.connectRetryTime,
                                families: [.ipv4Unicast]),
                            key: key, export: nil, ownAddresses: [bgp.peerBGPIP]))
                        router.dataCenterRoutes.localAS = dc.asn
                        for route in side?.announcements ?? [] {
                            router.dataCenterRoutes.announcements[route.prefix] = route.attributes(asn: dc.asn, nextHop: bgp.peerBGPIP)
                        }
                        tunnel.dataCenter = router
                    }
                }
                result.append(tunnel)
            }
        }
        return result
    }

    /// Time 0: negotiation starts on every tunnel the data center has not shut down, and every
    /// session gets its ManualStart.
    mutating func start() {
        for t in tunnels.indices {
            if tunnels[t].adminDown {
                tunnels[t].downReason = .administrativelyDown
                routes.note(model.setTunnel(connection: tunnels[t].connectionID, tunnel: tunnels[t].index, up: false, reason: .administrativelyDown))
            } else {
                queue.schedule(.negotiated(tunnel: t, generation: tunnels[t].generation), at: now + settings.negotiationTime)
            }
            for side in TunnelSide.allCases where tunnels[t][side] != nil {
                signal(t, side, .manualStart)
            }
        }
    }

    // MARK: Running

    /// Handles every occurrence due at or before `time`, then sets the clock to `time`.
    public mutating func run(until time: Duration) {
        while let next = queue.nextTime, next <= time {
            guard occurrences < maximumOccurrences else {
                record("simulation", "stopped after \(occurrences) occurrences (the bound of one run)")
                queue = EventQueue()
                break
            }
            occurrences += 1
            guard let (when, occurrence) = queue.pop() else { break }
            // The clock moves on: what happened at the previous time is one step of the route changes.
            if when > now { closeRouteChangeStep() }
            now = when
            handle(occurrence)
        }
        closeRouteChangeStep()
        now = max(now, time)
    }

    /// Runs to ``endTime``.
    public mutating func runToEnd() { run(until: endTime) }

    mutating func handle(_ occurrence: Occurrence) {
        switch occurrence {
        case .timeline(let index):
            openRouteChanges(event: index)
            apply(document.timeline[index])
        case .negotiated(let t, let generation):
            guard tunnels[t].generation == generation, !tunnels[t].adminDown else { return }
            // A customer gateway that went silent (`dpd_timeout`) does not answer IKE either.
            let outcome: NegotiationState = tunnels[t].silent ? .peerNotResponding : tunnels[t].outcome
            if outcome == .phase2Succeeded && !tunnels[t].statusBlocks {
                ipsecUp(t)
            } else {
                tunnels[t].downReason = .negotiation(outcome)
                routes.note(model.setTunnel(connection: tunnels[t].connectionID, tunnel: tunnels[t].index, up: false, reason: .negotiation(outcome)))
                record(tunnels[t].name, "IPsec negotiation failed: \(outcome.rawValue)")
            }
        case .deadPeerDetected(let t, let generation):
            guard tunnels[t].generation == generation, tunnels[t].silent, tunnels[t].ipsecUp else { return }
            ipsecDown(t, reason: .dpdTimeout)
        case .timer(let t, let side, let timer, let generation):
            guard tunnels[t][side]?.timerGenerations[timer] == generation else { return }
            drive(t, side, .timerExpired(timer))
        case .connectionRequest(let t, let from, let attempt):
            connectionRequest(t, from: from, attempt: attempt)
        case .connectionAnswer(let t, let to, let attempt, let connection):
            connectionAnswer(t, to: to, attempt: attempt, connection: connection)
        case .bytes(let t, let to, let connection, let bytes):
            guard tunnels[t].passesPackets else { return }
            drive(t, to, .received(bytes, on: ConnectionID(rawValue: connection)))
        case .closed(let t, let to, let connection):
            guard tunnels[t].passesPackets else { return }
            drive(t, to, .closed(ConnectionID(rawValue: connection)))
        }
    }


    // MARK: Helpers

    /// Mutates one speaker in place.
    @discardableResult
    mutating func speaker<R>(_ t: Int, _ side: TunnelSide, _ body: (inout SimulatedSpeaker) -> R) -> R? {
        switch side {
        case .cloud:
            guard tunnels[t].cloud != nil else { return nil }
            return body(&tunnels[t].cloud!)
        case .dataCenter:
            guard tunnels[t].dataCenter != nil else { return nil }
            return body(&tunnels[t].dataCenter!)
        }
    }

    mutating func record(_ subject: String, _ message: String) {
        log.append(SimulationLogEntry(time: now, subject: subject, message: message))
    }

    /// The log subject of one side of a tunnel.
    func subject(_ t: Int, _ side: TunnelSide) -> String {
        side == .cloud ? "\(tunnels[t].name) cloud" : "\(tunnels[t].name) \(tunnels[t].dataCenterName ?? "data center")"
    }

    func tunnelIndex(connection: String, tunnel: Int) -> Int? {
        tunnels.firstIndex { $0.connectionID == connection && $0.index == tunnel }
    }
}
