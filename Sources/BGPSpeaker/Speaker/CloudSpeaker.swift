import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The cloud side of every BGP-enabled tunnel of a topology (`transit-bgp speak`): one session per
/// tunnel, routes learned flowing into the cloud model (connection BGP table, then the TR tables per
/// the settings), and the connection's `CLOUD` rows advertised back when Advertise Routes is on.
///
/// Everything runs on one event-loop thread (epoll): sessions, timers, the model and the control
/// socket, so nothing is shared between threads and no lock is needed.
public final class CloudSpeaker {
    /// Options of `transit-bgp speak`.
    public struct Options: Sendable {
        public var port: UInt16 = 179
        public var holdTime: Duration = .seconds(90)
        public var connectRetryTime: Duration = .seconds(5)
        /// The first IdleHoldTimer of peer-oscillation damping (doubles per consecutive failure).
        public var initialIdleHoldTime: Duration = .seconds(1)
        public var maximumIdleHoldTime: Duration = .seconds(60)
        /// GTSM (RFC 5082): send with TTL 255, accept only TTL ≥ 254.
        public var gtsm = false
        /// Only accept connections (RFC 4271 §8.1.1 PassiveTcpEstablishment): never connect out.
        public var passive = false
        public var controlPath: String

        public init(controlPath: String) {
            self.controlPath = controlPath
        }
    }

    let loop: EventLoop
    let options: Options
    /// The cloud model, behind the session drivers' one adapter.
    var routes: CloudModelAdapter
    var model: CloudModel {
        get { routes.model }
        _modify { yield &routes.model }
        set { routes.model = newValue }
    }
    let log: SpeakerLog
    /// By `vco-…/N`.
    var peers: [String: TunnelPeer] = [:]
    var listeners: [TCPListener] = []
    var controlListener: UnixListener?
    var stopping = false

    /// Prepares the speaker: the model from the topology (tunnels up, the data centers' listed
    /// announcements dropped: real peers announce), one session per tunnel of the plan.
    public init(document: TopologyDocument, options: Options) throws(SocketError) {
        self.loop = try EventLoop()
        self.options = options
        self.log = SpeakerLog()
        var model = document.model(settled: false)
        let plan = SpeakerPlan(document: document)
        model.batch(reportChanges: false) { model in
            for id in model.connections.keys.sorted() {
                for tunnel in model.connections[id]?.tunnels ?? [] {
                    model.setTunnel(connection: id, tunnel: tunnel.index, up: true)
                }
            }
        }
        self.routes = CloudModelAdapter(model: model)
        for skipped in plan.skipped { log.write("speaker", "not speaking on \(skipped)") }
        for tunnel in plan.tunnels {
            let config = SessionConfig(
                localASN: tunnel.localASN, routerID: tunnel.localAddress, peerASN: tunnel.peerASN,
                holdTime: options.holdTime, connectRetryTime: options.connectRetryTime, passive: options.passive,
                families: [.ipv4Unicast],
                initialIdleHoldTime: options.initialIdleHoldTime, maximumIdleHoldTime: options.maximumIdleHoldTime)
            peers[tunnel.name] = TunnelPeer(plan: tunnel, config: config)
        }
    }

    /// Binds every tunnel address and the control socket, starts every session, and runs until
    /// SIGTERM/SIGINT or ``requestStop()``. Blocks the calling thread (it becomes the loop thread).
    public func run() throws(SocketError) {
        var tcp = TCPOptions()
        if options.gtsm { tcp.enableGTSM() }
        for peer in peers.values.sorted(by: { $0.name < $1.name }) {
            tcp.deadPeerTimeout = peer.plan.deadPeerTimeout
            let listener = try loop.listenTCP(local: .v4(peer.plan.localAddress), port: options.port, options: tcp) { [unowned self] connection in
                self.accepted(connection, by: peer)
            }
            if let key = peer.plan.authKey.flatMap(TCPMD5Key.init(password:)) {
                try listener.setMD5Key(key, for: .v4(peer.plan.peerAddress))
            }
            listeners.append(listener)
            log.write(peer.name, "listening on \(peer.plan.localAddress):\(options.port), peer \(peer.plan.peerAddress) AS \(peer.plan.peerASN)\(peer.plan.authKey == nil ? "" : ", TCP MD5")")
        }
        controlListener = try loop.listenUnix(path: options.controlPath) { [unowned self] client in
            self.controlClient(client)
        }
        log.write("speaker", "control socket \(options.controlPath)")
        for peer in peers.values.sorted(by: { $0.name < $1.name }) {
            drive(peer, .event(.manualStart))
        }
        loop.run()
    }

    /// Stops every session with an administrative shutdown, then the loop. Any thread.
    public func requestStop(message: String = "transit-bgp speaker stopping") {
        // The speaker is only touched on the loop thread: the closure runs there.
        nonisolated(unsafe) let speaker = self
        loop.execute { speaker.stopAll(message: message) }
    }

    func stopAll(message: String) {
        guard !stopping else { return }
        stopping = true
        for peer in peers.values.sorted(by: { $0.name < $1.name }) {
            peer.adminDown = true
            drive(peer, .event(.manualStop(shutdownCommunication: message)))
        }
        controlListener?.close()
        for listener in listeners { listener.close() }
        // Let the NOTIFICATIONs leave before the loop closes what is left.
        _ = loop.scheduleTimer(after: .milliseconds(300)) { [loop] in loop.stop() }
    }

    // MARK: Connections

    /// An incoming connection on a tunnel's address (RFC 4271 §8.2.1.2 passive side): the driver
    /// decides whether it is kept (Connect/Active, Idle waiting to restart, or a second connection).
    func accepted(_ connection: TCPConnection, by peer: TunnelPeer) {
        // One copy of the address, matched with `if case`: comparing `connection.remoteAddress?.ipAddress`
        // directly crashes the Swift 6.3.1 optimizer (CopyPropagation, "Found outside of lifetime use")
        // in release builds.
        let remote = connection.remoteAddress
        var fromPeer = false
        if case .some(let address) = remote, address.ipAddress == .v4(peer.plan.peerAddress) { fromPeer = true }
        guard fromPeer else {
            log.write(peer.name, "refused a connection from \(remote.map { "\($0)" } ?? "?"): not the peer")
            connection.abort()
            return
        }
        guard !peer.adminDown, !peer.tunnelDown, !stopping, peer.driver.acceptsConnection else {
            connection.abort()  // Idle refuses incoming connections (RFC 4271 §8.2.2).
            return
        }
        let id = peer.newID()
        register(connection, as: id, for: peer)
        drive(peer, .accepted(id))
    }

    /// Routes a connection's callbacks to the driver under `id`, with back-pressure: reading stops
    /// while the write queue is above its high-water mark and resumes once it drains (RFC 4271 says
    /// nothing; a peer that never reads must not grow our memory).
    func register(_ connection: TCPConnection, as id: ConnectionID, for peer: TunnelPeer) {
        peer.connections[id] = connection
        connection.onRead = { [unowned self, unowned peer, unowned connection] bytes in
            self.drive(peer, .received(bytes, on: id))
            if !connection.isWritable && !connection.isReadingPaused { connection.pauseReading() }
        }
        connection.onWritable = { [unowned connection] in
            if connection.isReadingPaused { connection.resumeReading() }
        }
        connection.onClose = { [unowned self, unowned peer] error in
            guard peer.connections.removeValue(forKey: id) != nil else { return }
            if let error { self.log.write(peer.name, "TCP connection closed: \(error)") }
            // The kernel ends a connection whose peer stayed silent past TCP_USER_TIMEOUT with
            // ETIMEDOUT, or with the soft error it saw meanwhile: once the silent peer's ARP entry
            // expires, EHOSTUNREACH (the link's own failure report). An established connection
            // never fails with these otherwise (ICMP errors are soft on it, RFC 1122 §4.2.3.9).
            if id == peer.driver.connection, let errno = error?.errno,
               [.timedOut, .hostUnreachable, .networkUnreachable].contains(errno), let timeout = peer.plan.deadPeerTimeout {
                self.deadPeerDetected(peer, after: timeout)
            }
            self.drive(peer, .closed(id))
        }
    }

    // MARK: The driver

    /// Applies one input to a peer's driver over the epoll transport, then acts on its reports and
    /// re-synchronizes the sessions whose exports changed. Re-entrant calls (a socket callback fired
    /// inside a driver call) queue and run after it.
    func drive(_ peer: TunnelPeer, _ input: DriverInput) {
        if peer.driving {
            peer.pendingInputs.append(input)
            return
        }
        peer.driving = true
        peer.driver.restartsAutomatically = !peer.adminDown && !peer.tunnelDown && !stopping
        var transport = EpollTransport(speaker: self, peer: peer)
        peer.driver.apply(input, &transport, &routes)
        while !peer.pendingInputs.isEmpty {
            peer.driver.apply(peer.pendingInputs.removeFirst(), &transport, &routes)
        }
        peer.driving = false
        for report in transport.reports { handle(report, from: peer) }
        advertise(routes.takeChanges())
    }

    /// What the speaker does with a driver's report: the log, and the tunnel's state.
    func handle(_ report: DriverReport, from peer: TunnelPeer) {
        switch report {
        case .established:
            peer.lastError = nil
            log.write(peer.name, "\(report)")
            if peer.deadPeerDown {
                // The peer answers again: the tunnel is back (IKE would have renegotiated).
                peer.deadPeerDown = false
                let changes = model.setTunnel(connection: peer.plan.connectionID, tunnel: peer.plan.index, up: true)
                log.write(peer.name, "tunnel up again after DPD: \(changes.count) rows changed")
                resynchronize(connection: peer.plan.connectionID)
            }
        case .down(let reason, _):
            peer.lastError = "\(reason)"
            log.write(peer.name, "\(report)")
            if case .notificationReceived(let notification) = reason {
                log.write(peer.name, "NOTIFICATION received: \(notification)")
            }
        case .updateReceived:
            break
        case .routeRefreshAnswered, .peerRefreshStarted, .peerRefreshEnded, .secondConnectionClosed, .notificationSent,
             .treatedAsWithdraw, .nextHopUnusable, .unsendable, .endOfRIBReceived:
            // What a peer can repeat at will is rate limited.
            let (admitted, suppressed) = peer.logLimiter.admit(now: MonotonicInstant.now.nanoseconds)
            guard admitted else { return }
            if suppressed > 0 { log.write(peer.name, "(\(suppressed) similar lines suppressed)") }
            log.write(peer.name, "\(report)")
        case .stateChanged, .collision, .familyDisabled:
            log.write(peer.name, "\(report)")
        }
    }

    // MARK: Routes

    /// The prefixes the peer announced and has not withdrawn.
    func receivedCount(_ peer: TunnelPeer) -> Int {
        model.receivedCount(connection: peer.plan.connectionID, tunnel: peer.plan.index)
    }

    /// Sends what changed in `CLOUD` rows to the sessions of each connection.
    /// Re-synchronizes the sessions of the connections whose exports changed (`nil`: every prefix).
    func advertise(_ changes: [String: Set<IPv4Prefix>?]) {
        for (connection, prefixes) in changes {
            for peer in peers.values where peer.plan.connectionID == connection {
                synchronize(peer, prefixes: prefixes)
            }
        }
    }

    /// Makes the peer's Adj-RIB-Out match the connection's `CLOUD` rows for `prefixes` (all when `nil`).
    func synchronize(_ peer: TunnelPeer, prefixes: Set<IPv4Prefix>?) {
        guard peer.session.state == .established else { return }
        drive(peer, .synchronize(prefixes))
    }

    /// Dead peer detection: the peer was silent for `timeout` (no answer to a probe or to data), so
    /// the tunnel is declared down (reference §2: "detects peer failures within 30 seconds") and
    /// its routes go; it comes back when a session is Established again.
    func deadPeerDetected(_ peer: TunnelPeer, after timeout: Duration) {
        guard !peer.deadPeerDown else { return }
        peer.deadPeerDown = true
        let changes = model.setTunnel(connection: peer.plan.connectionID, tunnel: peer.plan.index, up: false, reason: .dpdTimeout)
        log.write(peer.name, "DPD: the peer was silent for \(timeout), tunnel down: \(changes.count) rows changed")
        resynchronize(connection: peer.plan.connectionID)
    }

    /// Re-synchronizes every established session of a connection (after a setting or tunnel change).
    func resynchronize(connection id: String) {
        for peer in peers.values where peer.plan.connectionID == id { synchronize(peer, prefixes: nil) }
    }
}

/// The live speaker's ``BGPDriver/SessionTransport``: the epoll loop's sockets and timers. Reports
/// are collected and handled once the driver call returns (they may touch the model the call holds).
struct EpollTransport: SessionTransport {
    unowned let speaker: CloudSpeaker
    unowned let peer: TunnelPeer
    var reports: [DriverReport] = []

    /// An active open from the tunnel's address (RFC 4271 §8.2.1.1).
    mutating func connect() -> ConnectionID {
        let id = peer.newID()
        var tcp = TCPOptions(md5Key: peer.plan.authKey.flatMap(TCPMD5Key.init(password:)), connectTimeout: .seconds(5),
                             deadPeerTimeout: peer.plan.deadPeerTimeout)
        if speaker.options.gtsm { tcp.enableGTSM() }
        let attempt = speaker.loop.connectTCP(remote: .v4(peer.plan.peerAddress), port: speaker.options.port,
                                              local: .v4(peer.plan.localAddress), options: tcp) { [unowned speaker, unowned peer] result in
            // A cancelled attempt's completion names an ID the driver no longer waits for: it is ignored there.
            peer.attempts[id] = nil
            switch result {
            case .success(let connection):
                speaker.register(connection, as: id, for: peer)
                speaker.drive(peer, .connected(attempt: id, as: id))
            case .failure:
                speaker.drive(peer, .connectFailed(attempt: id))
            }
        }
        if attempt.isPending { peer.attempts[id] = attempt }
        return id
    }

    mutating func send(_ bytes: [UInt8], on connection: ConnectionID) {
        peer.connections[connection]?.write(bytes)
    }

    mutating func close(_ connection: ConnectionID) {
        if let attempt = peer.attempts.removeValue(forKey: connection) { attempt.cancel() }
        if let socket = peer.connections.removeValue(forKey: connection) {
            socket.onRead = nil
            socket.onClose = nil
            socket.onWritable = nil
            socket.close()
        }
    }

    /// Restarting a running timer for a later deadline (the HoldTimer on every message) only moves
    /// the deadline: the armed timer fires at the old one and re-arms for the rest. The timer heap
    /// then sees one entry per hold period, not one per UPDATE.
    mutating func startTimer(_ timer: DriverTimer, after duration: Duration) {
        let slot = TunnelPeer.timerSlot(timer)
        let deadline = MonotonicInstant.now.nanoseconds &+ Self.nanoseconds(duration)
        if peer.timers[slot] != nil, let current = peer.timerDeadlines[slot], deadline >= current {
            peer.timerDeadlines[slot] = deadline
            return
        }
        if let id = peer.timers[slot] {
            peer.timers[slot] = nil
            _ = speaker.loop.cancelTimer(id)
        }
        peer.timerDeadlines[slot] = deadline
        Self.arm(timer, after: duration, speaker: speaker, peer: peer)
    }

    private static func arm(_ timer: DriverTimer, after duration: Duration, speaker: CloudSpeaker, peer: TunnelPeer) {
        let slot = TunnelPeer.timerSlot(timer)
        peer.timers[slot] = speaker.loop.scheduleTimer(after: duration) { [unowned speaker, unowned peer] in
            peer.timers[slot] = nil
            let now = MonotonicInstant.now.nanoseconds
            if let deadline = peer.timerDeadlines[slot], deadline > now {
                arm(timer, after: .nanoseconds(Int64(deadline - now)), speaker: speaker, peer: peer)
                return
            }
            peer.timerDeadlines[slot] = nil
            speaker.drive(peer, .timerExpired(timer))
        }
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds / 1_000_000_000))
    }

    mutating func stopTimer(_ timer: DriverTimer) {
        let slot = TunnelPeer.timerSlot(timer)
        peer.timerDeadlines[slot] = nil
        if let id = peer.timers[slot] {
            peer.timers[slot] = nil
            _ = speaker.loop.cancelTimer(id)
        }
    }

    mutating func report(_ report: DriverReport) {
        // The speaker does nothing with the per-UPDATE report (``CloudSpeaker/handle(_:from:)``):
        // not queued, so a flood does not grow the list.
        if case .updateReceived = report { return }
        reports.append(report)
    }
}
