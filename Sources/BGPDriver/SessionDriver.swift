// SessionDriver: one BGP session's owner-side logic, shared by the live speaker and the simulator.
//
//     transport ── connected/accepted/received/closed/timerExpired ──▶ SessionDriver ──▶ BGPSession
//         ▲                                                               │   ▲
//         └──── connect/send/close/startTimer/stopTimer/report ───────────┘   └─ SessionRoutes
//                                                                              (learn, offered routes)
//
// The driver frames and decodes the peer's bytes, feeds the machine, performs its actions over
// the transport, resolves connection collisions (RFC 4271 §6.8), checks and learns the peer's
// routes, and keeps the session's Adj-RIB-Out (RFC 4271 §3.2) in step with what the routes offer.
// It reads no clock and touches no socket.

import BGPRouting
import BGPSession
import BGPWire
import NetworkPrimitives

/// The driver of one BGP session (see the file header).
public struct SessionDriver: Sendable {
    /// The machine (RFC 4271 §8).
    public private(set) var session: BGPSession
    /// The session's routes in ``SessionRoutes``.
    public let key: RouteSessionKey
    /// How offered routes are rewritten for the peer (eBGP, RFC 4271 §5.1); `nil`: sent as offered.
    public let export: ExternalExport?
    /// Our own addresses: a NEXT_HOP equal to one cannot be used (RFC 4271 §5.1.3).
    public let ownAddresses: Set<IPv4Address>
    /// Whether a fall to Idle is followed by an automatic start (with damping). The owner clears it
    /// while the session is administratively down, its tunnel is down, or the speaker stops.
    public var restartsAutomatically = true
    /// Whether End-of-RIB follows the initial table (RFC 4724 §2, recommended).
    public var sendsEndOfRIB = true

    /// The connection the machine drives.
    public private(set) var connection: ConnectionID?
    /// Which side opened ``connection``.
    public private(set) var direction: ConnectionCollision.Direction?
    /// The outgoing attempt in flight; a completion for any other attempt is stale.
    public private(set) var attempt: ConnectionID?
    /// A second connection from the peer, held until its OPEN decides (RFC 4271 §6.8).
    public private(set) var candidate: ConnectionID?
    private var candidateFramer = MessageFramer()
    private var framer = MessageFramer()
    /// The peer's recent Path Attributes fields, decoded (a flapping route repeats a few of them).
    private var attributeCache = UpdateAttributeCache()
    /// The codec of the session (standard until Established).
    public private(set) var codec = CodecOptions.standard

    /// What the peer has from us (RFC 4271 §3.2 Adj-RIB-Out): only routes that were encoded and sent.
    public private(set) var adjRIBOut = AdjRIBOut<IPv4Prefix>()
    /// Offered routes withheld because no UPDATE can carry them on this session, with the reason.
    public private(set) var unsendable: [IPv4Prefix: String] = [:]
    /// Families disabled by a malformed MP_REACH/MP_UNREACH (RFC 7606 §7.11).
    public private(set) var disabledFamilies: Set<AddressFamily> = []
    /// The routes of a peer's route refresh in progress (RFC 7313 §4): learned before its BoRR and
    /// not re-advertised since.
    private var staleRoutes: [AddressFamily: Set<IPv4Prefix>] = [:]
    private var wasEstablished = false

    public private(set) var updatesReceived = 0
    public private(set) var routeRefreshesReceived = 0

    /// A driver in Idle.
    public init(config: SessionConfig, key: RouteSessionKey, export: ExternalExport?, ownAddresses: Set<IPv4Address> = []) {
        self.session = BGPSession(config: config)
        self.key = key
        self.export = export
        self.ownAddresses = ownAddresses
    }

    // MARK: Inputs from the owner

    /// Feeds a start, stop or other owner event to the machine (ManualStart, ManualStop, ...).
    public mutating func handle<T: SessionTransport, R: SessionRoutes>(_ event: SessionEvent, _ transport: inout T, _ routes: inout R) {
        perform(session.handle(event), &transport, &routes)
    }

    /// The routes offered for `prefixes` changed (every prefix when `nil`): send the differences.
    public mutating func synchronize<T: SessionTransport, R: SessionRoutes>(prefixes: Set<IPv4Prefix>?, _ transport: inout T, _ routes: inout R) {
        guard session.state == .established, let connection else { return }
        routes.flush()
        var candidates = prefixes ?? Set(routes.offeredPrefixes(to: key)).union(adjRIBOut.entries.map(\.prefix))
        if prefixes == nil { candidates.formUnion(unsendable.keys) }
        var withdrawals: [IPv4Prefix] = []
        var groups: [(attributes: PathAttributes, prefixes: [IPv4Prefix])] = []
        var groupIndex: [PathAttributes: Int] = [:]
        for prefix in candidates.sorted() {
            // A route the export withholds (RFC 1997) is not sent: `nil` here, never the offered route.
            let desired: PathAttributes? = routes.offered(prefix, to: key).flatMap { offered in
                guard let export else { return offered }
                return export.exported(offered)
            }
            let current = adjRIBOut[prefix]
            guard desired != current || (desired != nil && unsendable[prefix] != nil) else { continue }
            guard let desired else {
                unsendable[prefix] = nil
                if adjRIBOut.set(prefix, nil) != nil { withdrawals.append(prefix) }
                continue
            }
            if let index = groupIndex[desired] {
                groups[index].prefixes.append(prefix)
            } else {
                groupIndex[desired] = groups.count
                groups.append((desired, [prefix]))
            }
        }
        var announcements: [[UInt8]] = []
        for group in groups {
            do {
                announcements += try UpdateMessage.encodeAnnouncements(group.prefixes, attributes: group.attributes, options: codec)
                for prefix in group.prefixes {
                    unsendable[prefix] = nil
                    _ = adjRIBOut.set(prefix, group.attributes)
                }
            } catch {
                // RFC 8654 §4 / RFC 7606 spirit: withhold the route, never claim it advertised; what
                // the peer had for it is no longer what we offer, so it is withdrawn.
                let reason = "\(error)"
                for prefix in group.prefixes {
                    unsendable[prefix] = reason
                    if adjRIBOut.set(prefix, nil) != nil { withdrawals.append(prefix) }
                }
                transport.report(.unsendable(prefixes: group.prefixes.count, reason: reason))
            }
        }
        if !withdrawals.isEmpty {
            for bytes in UpdateMessage.encodeWithdrawals(withdrawals.sorted(), options: codec) { transport.send(bytes, on: connection) }
        }
        for bytes in announcements { transport.send(bytes, on: connection) }
    }

    // MARK: Inputs from the transport

    /// The outgoing attempt succeeded. A stale attempt's connection is closed, never shown to the machine.
    public mutating func connected<T: SessionTransport, R: SessionRoutes>(attempt id: ConnectionID, as connection: ConnectionID, _ transport: inout T, _ routes: inout R) {
        guard attempt == id, self.connection == nil, session.state == .connect || session.state == .active else {
            if attempt == id { attempt = nil }
            transport.close(connection)
            return
        }
        attempt = nil
        attach(connection, .outgoing)
        perform(session.handle(.tcpConnectionRequestAcked), &transport, &routes)
    }

    /// The outgoing attempt failed. A stale attempt's failure is ignored (RFC 4271 §8.2.2: the
    /// dropped attempt is gone).
    public mutating func connectFailed<T: SessionTransport, R: SessionRoutes>(attempt id: ConnectionID, _ transport: inout T, _ routes: inout R) {
        guard attempt == id else { return }
        attempt = nil
        guard connection == nil else { return }
        perform(session.handle(.tcpConnectionFails), &transport, &routes)
    }

    /// Whether ``accepted(_:_:_:)`` would keep a connection from the peer now: in Connect or Active
    /// without a connection, in Idle while an automatic start waits for the IdleHoldTimer, or as a
    /// second connection (one at a time, not against Established unless configured).
    public var acceptsConnection: Bool {
        if connection == nil {
            switch session.state {
            case .connect, .active: return true
            case .idle: return restartsAutomatically && session.runningTimers.contains(.idleHold)
            case .openSent, .openConfirm, .established: return false
            }
        }
        return candidate == nil && (session.state != .established || session.config.collisionDetectEstablishedState)
    }

    /// The peer connected. Returns whether the connection is kept; a refused one is closed here.
    @discardableResult
    public mutating func accepted<T: SessionTransport, R: SessionRoutes>(_ id: ConnectionID, _ transport: inout T, _ routes: inout R) -> Bool {
        if connection == nil {
            switch session.state {
            case .connect, .active:
                if let attempt {
                    transport.close(attempt)
                    self.attempt = nil
                }
            case .idle:
                // Accepted only when an automatic start waits for the IdleHoldTimer (BGPSession, Idle).
                guard restartsAutomatically, session.runningTimers.contains(.idleHold) else {
                    transport.close(id)
                    return false
                }
            case .openSent, .openConfirm, .established:
                transport.close(id)
                return false
            }
            attach(id, .incoming)
            perform(session.handle(.tcpConnectionConfirmed), &transport, &routes)
            if connection != id {
                return false
            }
            return true
        }
        // A second connection (RFC 4271 §6.8): tracked until it sends an OPEN, within the OpenSent
        // hold time; one at a time, and none against Established unless configured.
        guard candidate == nil, session.state != .established || session.config.collisionDetectEstablishedState else {
            transport.close(id)
            transport.report(.secondConnectionClosed(candidate != nil ? "another one is pending" : "the session is Established"))
            return false
        }
        candidate = id
        candidateFramer = MessageFramer()
        transport.startTimer(.candidateHold, after: session.config.openSentHoldTime)
        return true
    }

    /// Bytes from a connection.
    public mutating func received<T: SessionTransport, R: SessionRoutes>(_ bytes: [UInt8], on id: ConnectionID, _ transport: inout T, _ routes: inout R) {
        if id == candidate {
            candidateReceived(bytes, &transport, &routes)
            return
        }
        guard id == connection else { return }
        framer.append(bytes)
        // The routes of this read go to the model together (see CloudModelAdapter).
        defer { routes.flush() }
        // One action buffer for the whole read: a flood of UPDATEs allocates no array per message.
        var actions: [SessionAction] = []
        actions.reserveCapacity(8)
        while connection == id {
            let frame: MessageFrame?
            do {
                frame = try framer.next()
            } catch {
                perform(session.handle(decodeError: error), &transport, &routes)
                return
            }
            guard var frame else { return }
            actions.removeAll(keepingCapacity: true)
            do {
                if frame.type == .update {
                    // The common message, decoded without a BGPMessage around it. In Established
                    // the machine only restarts its HoldTimer (Event 27), performed before the
                    // routes are learned (an error found there takes the session down, stopping it).
                    let update = try UpdateMessage(decoding: &frame.body, options: codec, cache: &attributeCache)
                    if session.handleUpdateInEstablished(into: &actions) {
                        perform(actions, &transport, &routes)
                        learn(update, &transport, &routes)
                        continue
                    }
                    session.handle(.updateMessage(update), into: &actions)
                } else {
                    guard let message = try BGPMessage.decode(frame, options: codec) else { continue }
                    session.handle(SessionEvent(received: message, delayOpenTimerRunning: session.isDelayOpenTimerRunning),
                                   into: &actions)
                }
            } catch {
                session.handle(SessionEvent(decodeError: error), into: &actions)
            }
            perform(actions, &transport, &routes)
        }
    }

    /// Bytes buffered on the session's connection, not yet a whole message.
    public var bufferedByteCount: Int { framer.bufferedByteCount + candidateFramer.bufferedByteCount }

    /// A connection closed (by the peer or by an error).
    public mutating func closed<T: SessionTransport, R: SessionRoutes>(_ id: ConnectionID, _ transport: inout T, _ routes: inout R) {
        if id == candidate {
            dropCandidate(&transport, closing: false)
        } else if id == connection {
            connection = nil
            direction = nil
            perform(session.handle(.tcpConnectionFails), &transport, &routes)
        } else if id == attempt {
            connectFailed(attempt: id, &transport, &routes)
        }
    }

    /// A timer the driver started expired.
    public mutating func timerExpired<T: SessionTransport, R: SessionRoutes>(_ timer: DriverTimer, _ transport: inout T, _ routes: inout R) {
        switch timer {
        case .session(let timer):
            perform(session.handle(timer.expiryEvent), &transport, &routes)
        case .candidateHold:
            guard let candidate else { return }
            // RFC 4271 §8.2.2, OpenSent, HoldTimer_Expires: Hold Timer Expired, then close.
            sendNotification(NotificationMessage(code: .holdTimerExpired), on: candidate, &transport)
            transport.report(.secondConnectionClosed("no OPEN within \(session.config.openSentHoldTime)"))
            dropCandidate(&transport, closing: true)
        }
    }

    // MARK: The machine's actions

    private mutating func attach(_ id: ConnectionID, _ direction: ConnectionCollision.Direction) {
        connection = id
        self.direction = direction
        framer = MessageFramer()
        attributeCache = UpdateAttributeCache()
        codec = .standard
    }

    private mutating func perform<T: SessionTransport, R: SessionRoutes>(_ actions: [SessionAction], _ transport: inout T, _ routes: inout R) {
        var restart = false
        for action in actions {
            switch action {
            case .initiateTCPConnection:
                // PassiveTcpEstablishment never connects out (the machine does not ask; belt and braces).
                guard !session.config.passive, attempt == nil, connection == nil else { continue }
                attempt = transport.connect()
            case .dropTCPConnection:
                if let attempt {
                    transport.close(attempt)
                    self.attempt = nil
                }
                if let connection {
                    transport.close(connection)
                    self.connection = nil
                    direction = nil
                }
            case .send(let message):
                guard let connection else { continue }
                if let bytes = try? message.encode(options: codec) {
                    transport.send(bytes, on: connection)
                }
                if case .notification(let notification) = message { transport.report(.notificationSent(notification)) }
            case .startTimer(let timer, let duration):
                transport.startTimer(.session(timer), after: duration)
            case .stopTimer(let timer):
                transport.stopTimer(.session(timer))
            case .sessionEstablished(let negotiated):
                codec = negotiated.codecOptions
                framer.maxMessageLength = negotiated.codecOptions.maxMessageLength
                wasEstablished = true
                transport.report(.established(negotiated))
                synchronize(prefixes: nil, &transport, &routes)
                if sendsEndOfRIB { sendEndOfRIB(negotiated, &transport) }
            case .sessionDown(let reason):
                transport.report(.down(reason, wasEstablished: wasEstablished))
                wasEstablished = false
                adjRIBOut.clear()
                unsendable = [:]
                staleRoutes = [:]
                disabledFamilies = []
                routes.flush()
                routes.forget(from: key)
                restart = restartsAutomatically
            case .deliverUpdate(let update):
                learn(update, &transport, &routes)
            case .deliverRouteRefresh(let refresh):
                routeRefresh(refresh, &transport, &routes)
            case .stateChanged(let from, let to):
                transport.report(.stateChanged(from: from, to: to))
            }
        }
        if restart {
            perform(session.handle(.automaticStartWithDampPeerOscillations), &transport, &routes)
        }
    }

    /// End-of-RIB for every negotiated family after the initial table (RFC 4724 §2).
    private mutating func sendEndOfRIB<T: SessionTransport>(_ negotiated: NegotiatedSession, _ transport: inout T) {
        guard let connection else { return }
        for family in negotiated.families where family == .ipv4Unicast || family == .ipv6Unicast {
            if let bytes = try? BGPMessage.update(.endOfRIB(family)).encode(options: codec) {
                transport.send(bytes, on: connection)
            }
        }
    }

    private mutating func sendNotification<T: SessionTransport>(_ notification: NotificationMessage, on id: ConnectionID, _ transport: inout T) {
        if let bytes = try? BGPMessage.notification(notification).encode() { transport.send(bytes, on: id) }
        transport.report(.notificationSent(notification))
    }

    // MARK: Routes in

    /// An UPDATE in Established: RFC 7606 outcomes, AS4 merge (RFC 6793 §4.2.3), unusable next
    /// hops (RFC 4271 §5.1.3, §6.3), refresh bookkeeping (RFC 7313 §4), then into the routes.
    private mutating func learn<T: SessionTransport, R: SessionRoutes>(_ update: UpdateMessage, _ transport: inout T, _ routes: inout R) {
        updatesReceived += 1
        if let family = update.endOfRIBFamily {
            transport.report(.endOfRIBReceived(family))
            return
        }
        // RFC 7606 §7.11, RFC 4760 §7: a malformed MP_REACH/MP_UNREACH disables its family or resets
        // the session; the IPv4 unicast family carries the session's routes, so losing it resets.
        for family in update.malformations.isEmpty ? [] : update.disabledFamilies where !disabledFamilies.contains(family) {
            if family == .ipv4Unicast || (session.negotiated?.families ?? []).allSatisfy({ $0 == family || disabledFamilies.contains($0) }) {
                let reason = update.malformations.first { $0.addressFamily == family }
                let notification = NotificationMessage(
                    code: .updateMessageError, subcode: reason?.subcode ?? UpdateMessageSubcode.optionalAttributeError)
                perform(session.handle(.updateMessageError(notification)), &transport, &routes)
                return
            }
            disabledFamilies.insert(family)
            transport.report(.familyDisabled(family))
        }
        var attributes = update.attributes
        if session.negotiated?.fourOctetAS == false {
            attributes = attributes.mergingAS4Attributes()
        }
        var withdrawn = update.withdrawn
        var announced = update.nlri
        var unusableNextHop: IPv4Address?
        let treatAsWithdraw = !update.malformations.isEmpty && update.treatAsWithdraw
        if treatAsWithdraw {
            withdrawn += announced
            announced = []
        } else if !announced.isEmpty, let nextHop = attributes.nextHop,
                  ImportChecks(checkNextHop: true, ownAddresses: ownAddresses).nextHopRejection(nextHop) != nil {
            unusableNextHop = nextHop
        }
        transport.report(.updateReceived(announced: announced.count, withdrawn: withdrawn.count))
        if treatAsWithdraw { transport.report(.treatedAsWithdraw(prefixes: update.nlri.count)) }
        if let unusableNextHop {
            // RFC 4271 §6.3 / §5.1.3: such routes are not used; what the peer had is withdrawn.
            transport.report(.nextHopUnusable(unusableNextHop, prefixes: announced.count))
            withdrawn += announced
            announced = []
        }
        if !staleRoutes.isEmpty, var stale = staleRoutes[.ipv4Unicast] {
            stale.subtract(update.nlri)
            stale.subtract(update.withdrawn)
            staleRoutes[.ipv4Unicast] = stale
        }
        routes.learn(announced: announced, attributes: attributes, withdrawn: withdrawn, from: key)
    }

    // MARK: Route refresh

    /// A ROUTE-REFRESH the machine accepted (RFC 2918, RFC 7313).
    private mutating func routeRefresh<T: SessionTransport, R: SessionRoutes>(_ refresh: RouteRefreshMessage, _ transport: inout T, _ routes: inout R) {
        routeRefreshesReceived += 1
        switch refresh.subtype {
        case .normal:
            guard refresh.family == .ipv4Unicast, let connection else {
                transport.report(.routeRefreshAnswered(refresh.family, routes: 0))
                return
            }
            // RFC 7313 §4: with Enhanced Route Refresh, the answer is framed by BoRR and EoRR.
            let enhanced = session.negotiated?.enhancedRouteRefresh ?? false
            if enhanced { sendRefreshMarker(.beginningOfRefresh, refresh.family, connection, &transport) }
            adjRIBOut.clear()
            synchronize(prefixes: nil, &transport, &routes)
            if enhanced { sendRefreshMarker(.endOfRefresh, refresh.family, connection, &transport) }
            transport.report(.routeRefreshAnswered(refresh.family, routes: adjRIBOut.count))
        case .beginningOfRefresh:
            // RFC 7313 §4: the peer re-advertises its table; what it does not repeat before EoRR is stale.
            routes.flush()
            staleRoutes[refresh.family] = refresh.family == .ipv4Unicast ? Set(routes.learnedPrefixes(from: key)) : []
            transport.report(.peerRefreshStarted(refresh.family))
        case .endOfRefresh:
            // RFC 7313 §4: purge the routes not re-advertised; an EoRR without BoRR is ignored.
            guard let stale = staleRoutes.removeValue(forKey: refresh.family) else { return }
            if !stale.isEmpty {
                routes.learn(announced: [], attributes: PathAttributes(), withdrawn: stale.sorted(), from: key)
            }
            transport.report(.peerRefreshEnded(refresh.family, purged: stale.count))
        }
    }

    private func sendRefreshMarker<T: SessionTransport>(_ subtype: RouteRefreshMessage.Subtype, _ family: AddressFamily, _ connection: ConnectionID, _ transport: inout T) {
        if let bytes = try? BGPMessage.routeRefresh(RouteRefreshMessage(family: family, subtype: subtype)).encode(options: codec) {
            transport.send(bytes, on: connection)
        }
    }

    // MARK: The second connection (RFC 4271 §6.8)

    private mutating func candidateReceived<T: SessionTransport, R: SessionRoutes>(_ bytes: [UInt8], _ transport: inout T, _ routes: inout R) {
        guard let candidate else { return }
        candidateFramer.append(bytes)
        let message: BGPMessage
        do {
            guard let frame = try candidateFramer.next() else { return }
            guard let decoded = try BGPMessage.decode(frame, options: .standard) else { return }
            message = decoded
        } catch {
            // A framing or OPEN error on the second connection: its NOTIFICATION, then close, at the
            // first bad header (RFC 4271 §6.1, §6.2); nothing more is buffered.
            sendNotification(error.notification, on: candidate, &transport)
            transport.report(.secondConnectionClosed("\(error)"))
            dropCandidate(&transport, closing: true)
            return
        }
        guard case .open(let open) = message else {
            // RFC 6608: anything but an OPEN in OpenSent.
            sendNotification(NotificationMessage(code: .finiteStateMachineError, subcode: FSMErrorSubcode.unexpectedMessageInOpenSent),
                             on: candidate, &transport)
            transport.report(.secondConnectionClosed("\(message.type) before OPEN"))
            dropCandidate(&transport, closing: true)
            return
        }
        // RFC 4271 §6.8 runs on a valid OPEN only: an invalid one is that connection's error.
        if let notification = OpenValidation.notification(for: open, config: session.config) {
            sendNotification(notification, on: candidate, &transport)
            transport.report(.secondConnectionClosed("invalid OPEN: \(notification)"))
            dropCandidate(&transport, closing: true)
            return
        }
        let config = session.config
        // The other connection leads to the configured peer: in OpenSent its identifier is known by
        // that configuration (RFC 4271 §6.8 allows it), so the new OPEN's identifier stands for it.
        let outcome = ConnectionCollision.resolve(
            localIdentifier: config.routerID, localASN: config.localASN, open: open, receivedOn: .incoming,
            other: .init(state: session.state, peerIdentifier: session.negotiated?.peerRouterID ?? open.identifier),
            collisionDetectEstablishedState: config.collisionDetectEstablishedState)
        let comparison = config.routerID == open.identifier
            ? "equal BGP Identifiers \(open.identifier), our AS \(config.localASN), the peer's \(open.autonomousSystem)"
            : "our BGP Identifier \(config.routerID) is \(config.routerID < open.identifier ? "lower" : "higher") than the peer's \(open.identifier)"
        switch outcome {
        case .noCollision:
            // Another BGP Identifier than the session's peer: one session per peering, so the new
            // connection is refused (RFC 4486 Cease / Connection Rejected).
            sendNotification(.init(code: .cease, subcode: CeaseSubcode.connectionRejected), on: candidate, &transport)
            transport.report(.secondConnectionClosed("its BGP Identifier \(open.identifier) is not the session's peer's"))
            dropCandidate(&transport, closing: true)
            return
        case .close(let closed) where closed == .incoming || direction != .outgoing:
            sendNotification(.init(code: .cease, subcode: CeaseSubcode.connectionCollisionResolution), on: candidate, &transport)
            transport.report(.collision("closing the peer's new connection (\(comparison))"))
            dropCandidate(&transport, closing: true)
            return
        case .close:
            break
        }
        transport.report(.collision("keeping the peer's new connection, closing ours (\(comparison))"))
        let leftover = candidateFramer
        self.candidate = nil
        candidateFramer = MessageFramer()
        transport.stopTimer(.candidateHold)
        perform(session.handle(.openCollisionDump), &transport, &routes)
        // The machine is back in Idle (an automatic start waiting) or Connect/Active: the peer's
        // connection is taken as an incoming one, then its OPEN goes to the machine.
        guard accepted(candidate, &transport, &routes) else { return }
        framer = leftover
        perform(session.handle(received: .open(open)), &transport, &routes)
        // Whatever followed the OPEN in the same read.
        received([], on: candidate, &transport, &routes)
    }

    private mutating func dropCandidate<T: SessionTransport>(_ transport: inout T, closing: Bool) {
        guard let candidate else { return }
        if closing { transport.close(candidate) }
        self.candidate = nil
        candidateFramer = MessageFramer()
        transport.stopTimer(.candidateHold)
    }
}
