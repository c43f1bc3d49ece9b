import BGPSession
import BGPWire
import CloudRouting
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
    var model: CloudModel
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
        self.model = model
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
            perform(peer.session.handle(.manualStart), on: peer)
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
            perform(peer.session.handle(.manualStop(shutdownCommunication: message)), on: peer)
        }
        controlListener?.close()
        for listener in listeners { listener.close() }
        // Let the NOTIFICATIONs leave before the loop closes what is left.
        _ = loop.scheduleTimer(after: .milliseconds(300)) { [loop] in loop.stop() }
    }

    // MARK: Connections

    /// An incoming connection on a tunnel's address (RFC 4271 §8.2.1.2 passive side).
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
        if peer.adminDown || peer.tunnelDown || peer.session.state == .idle {
            connection.abort()  // Idle refuses all incoming connections (RFC 4271 §8.2.2).
            return
        }
        if peer.connection == nil {
            peer.attempt?.cancel()
            peer.attempt = nil
            attach(connection, to: peer)
            perform(peer.session.handle(.tcpConnectionConfirmed), on: peer)
            return
        }
        // A collision (RFC 4271 §6.8): hold the new connection until its OPEN arrives.
        guard peer.session.state != .established, peer.candidate == nil else {
            connection.abort()
            return
        }
        peer.candidate = connection
        peer.candidateFramer = MessageFramer()
        connection.onRead = { [unowned self, unowned peer] bytes in self.candidateRead(bytes, peer: peer) }
        connection.onClose = { [unowned peer] _ in peer.candidate = nil }
    }

    /// Bytes on a colliding connection: its OPEN decides which connection survives.
    func candidateRead(_ bytes: [UInt8], peer: TunnelPeer) {
        guard let candidate = peer.candidate else { return }
        peer.candidateFramer.append(bytes)
        guard let frame = try? peer.candidateFramer.next() else { return }
        guard case .open(let open)? = try? BGPMessage.decode(frame, options: .standard) else {
            candidate.abort()
            peer.candidate = nil
            return
        }
        let outcome = ConnectionCollision.resolve(
            localIdentifier: peer.session.config.routerID, localASN: peer.plan.localASN, open: open, receivedOn: .incoming,
            other: .init(state: peer.session.state, peerIdentifier: peer.session.negotiated?.peerRouterID))
        if case .close(.outgoing) = outcome {
            log.write(peer.name, "connection collision: keeping the peer's connection (its BGP Identifier \(open.identifier) is higher)")
            perform(peer.session.handle(.openCollisionDump), on: peer)
            peer.candidate = nil
            attach(candidate, to: peer)
            var actions = peer.session.handle(.manualStart)
            actions.removeAll { $0 == .initiateTCPConnection }
            perform(actions, on: peer)
            perform(peer.session.handle(.tcpConnectionConfirmed), on: peer)
            perform(peer.session.handle(received: .open(open)), on: peer)
        } else {
            log.write(peer.name, "connection collision: closing the peer's connection (our BGP Identifier is higher)")
            let cease = NotificationMessage(code: .cease, subcode: CeaseSubcode.connectionCollisionResolution)
            if let bytes = try? BGPMessage.notification(cease).encode() { candidate.write(bytes) }
            candidate.close()
            peer.candidate = nil
        }
    }

    func attach(_ connection: TCPConnection, to peer: TunnelPeer) {
        peer.connection = connection
        peer.framer = MessageFramer()
        peer.codec = .standard
        connection.onRead = { [unowned self, unowned peer, unowned connection] bytes in
            guard peer.connection === connection else { return }
            self.received(bytes, from: peer)
        }
        connection.onClose = { [unowned self, unowned peer, unowned connection] error in
            guard peer.connection === connection else { return }
            peer.connection = nil
            if let error { self.log.write(peer.name, "TCP connection closed: \(error)") }
            // The kernel ends a connection whose peer stayed silent past TCP_USER_TIMEOUT with
            // ETIMEDOUT, or with the soft error it saw meanwhile: once the silent peer's ARP entry
            // expires, EHOSTUNREACH (the link's own failure report). An established connection
            // never fails with these otherwise (ICMP errors are soft on it, RFC 1122 §4.2.3.9).
            if let errno = error?.errno, [.timedOut, .hostUnreachable, .networkUnreachable].contains(errno),
                let timeout = peer.plan.deadPeerTimeout
            {
                self.deadPeerDetected(peer, after: timeout)
            }
            self.perform(peer.session.handle(.tcpConnectionFails), on: peer)
        }
    }

    /// Cuts the stream into messages and feeds each to the machine (RFC 4271 §8.1.5 events).
    func received(_ bytes: [UInt8], from peer: TunnelPeer) {
        peer.framer.append(bytes)
        while let connection = peer.connection {
            let frame: MessageFrame?
            do {
                frame = try peer.framer.next()
            } catch {
                perform(peer.session.handle(decodeError: error), on: peer)
                return
            }
            guard let frame else { return }
            do {
                guard let message = try BGPMessage.decode(frame, options: peer.codec) else { continue }
                perform(peer.session.handle(received: message), on: peer)
            } catch {
                perform(peer.session.handle(decodeError: error), on: peer)
            }
            guard peer.connection === connection else { return }
        }
    }

    // MARK: The machine's actions

    /// Performs the machine's actions in order (RFC 4271 §8: the FSM decides, the speaker acts).
    func perform(_ actions: [SessionAction], on peer: TunnelPeer) {
        var restart = false
        for action in actions {
            switch action {
            case .initiateTCPConnection:
                connect(peer)
            case .dropTCPConnection:
                peer.attempt?.cancel()
                peer.attempt = nil
                if let connection = peer.connection {
                    peer.connection = nil
                    connection.close()
                }
            case .send(let message):
                guard let connection = peer.connection else { continue }
                do {
                    connection.write(try message.encode(options: peer.codec))
                } catch {
                    log.write(peer.name, "cannot encode \(message.type): \(error)")
                }
                if case .notification(let notification) = message {
                    log.write(peer.name, "NOTIFICATION sent: \(notification)")
                }
            case .startTimer(let timer, let duration):
                if let id = peer.timers.removeValue(forKey: timer) { _ = loop.cancelTimer(id) }
                peer.timers[timer] = loop.scheduleTimer(after: duration) { [unowned self, unowned peer] in
                    peer.timers[timer] = nil
                    self.perform(peer.session.handle(timer.expiryEvent), on: peer)
                }
            case .stopTimer(let timer):
                if let id = peer.timers.removeValue(forKey: timer) { _ = loop.cancelTimer(id) }
            case .sessionEstablished(let negotiated):
                peer.codec = negotiated.codecOptions
                peer.framer.maxMessageLength = negotiated.codecOptions.maxMessageLength
                peer.lastError = nil
                log.write(peer.name, "Established: \(negotiated)")
                if peer.deadPeerDown {
                    // The peer answers again: the tunnel is back (IKE would have renegotiated).
                    peer.deadPeerDown = false
                    let changes = model.setTunnel(connection: peer.plan.connectionID, tunnel: peer.plan.index, up: true)
                    log.write(peer.name, "tunnel up again after DPD: \(changes.count) rows changed")
                    resynchronize(connection: peer.plan.connectionID)
                }
                synchronize(peer, prefixes: nil)
            case .sessionDown(let reason):
                peer.lastError = "\(reason)"
                log.write(peer.name, "session down: \(reason)")
                if case .notificationReceived(let notification) = reason {
                    log.write(peer.name, "NOTIFICATION received: \(notification)")
                }
                peer.export.clear()
                forgetRoutes(of: peer)
                restart = !peer.adminDown && !peer.tunnelDown && !stopping
            case .deliverUpdate(let update):
                learn(update, from: peer)
            case .deliverRouteRefresh(let refresh):
                peer.routeRefreshesReceived += 1
                log.write(peer.name, "ROUTE-REFRESH received (\(refresh.family)): re-sending \(peer.export.advertised.count) routes")
                let prefixes = peer.export.clear()
                synchronize(peer, prefixes: prefixes.union(model.cloudRows(connection: peer.plan.connectionID).map(\.prefix)))
            case .stateChanged(let from, let to):
                log.write(peer.name, "\(from) -> \(to)")
            }
        }
        if restart {
            perform(peer.session.handle(.automaticStartWithDampPeerOscillations), on: peer)
        }
    }

    /// An active open from the tunnel's address (RFC 4271 §8.2.1.1).
    func connect(_ peer: TunnelPeer) {
        guard peer.connection == nil, peer.attempt == nil else { return }
        var tcp = TCPOptions(md5Key: peer.plan.authKey.flatMap(TCPMD5Key.init(password:)), connectTimeout: .seconds(5),
                             deadPeerTimeout: peer.plan.deadPeerTimeout)
        if options.gtsm { tcp.enableGTSM() }
        peer.attempt = loop.connectTCP(remote: .v4(peer.plan.peerAddress), port: options.port,
                                       local: .v4(peer.plan.localAddress), options: tcp) { [unowned self, unowned peer] result in
            peer.attempt = nil
            switch result {
            case .success(let connection):
                guard peer.connection == nil, !peer.adminDown, !peer.tunnelDown,
                      peer.session.state == .connect || peer.session.state == .active
                else {
                    connection.abort()
                    return
                }
                self.attach(connection, to: peer)
                self.perform(peer.session.handle(.tcpConnectionRequestAcked), on: peer)
            case .failure:
                guard peer.connection == nil else { return }
                self.perform(peer.session.handle(.tcpConnectionFails), on: peer)
            }
        }
    }

    // MARK: Routes

    /// An UPDATE from the data center: its routes go into the connection's RIB through the tunnel
    /// (RFC 7606: treat-as-withdraw withdraws every NLRI of the message).
    func learn(_ update: UpdateMessage, from peer: TunnelPeer) {
        peer.updatesReceived += 1
        if model.learn(update, connection: peer.plan.connectionID, tunnel: peer.plan.index) {
            log.write(peer.name, "UPDATE treated as withdraw (RFC 7606): \(update.nlri.count) prefixes")
        }
        advertise(model.lastCloudChanges)
    }

    /// The session ended: its routes leave the model (RFC 4271 §9.1: a closed session's routes are withdrawn).
    func forgetRoutes(of peer: TunnelPeer) {
        model.forgetRoutes(connection: peer.plan.connectionID, tunnel: peer.plan.index)
        advertise(model.lastCloudChanges)
    }

    /// The prefixes the peer announced and has not withdrawn.
    func receivedCount(_ peer: TunnelPeer) -> Int {
        model.receivedCount(connection: peer.plan.connectionID, tunnel: peer.plan.index)
    }

    /// Sends what changed in `CLOUD` rows to the sessions of each connection.
    func advertise(_ changes: [String: Set<IPv4Prefix>]) {
        for (connection, prefixes) in changes {
            for peer in peers.values where peer.plan.connectionID == connection {
                synchronize(peer, prefixes: prefixes)
            }
        }
    }

    /// Makes the peer's Adj-RIB-Out match the connection's `CLOUD` rows for `prefixes` (all when
    /// `nil`): UPDATEs for new or changed routes, grouped by attributes, and withdrawals.
    func synchronize(_ peer: TunnelPeer, prefixes: Set<IPv4Prefix>?) {
        guard peer.session.state == .established, let connection = peer.connection else { return }
        let batch = peer.export.synchronize(with: model, prefixes: prefixes)
        guard !batch.isEmpty else { return }
        do {
            for bytes in try batch.encode(options: peer.codec) { connection.write(bytes) }
        } catch {
            log.write(peer.name, "cannot encode an UPDATE: \(error)")
        }
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
