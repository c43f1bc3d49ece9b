import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import NetworkPrimitives
import Topology

/// The sessions: events into the machines, their actions performed over the in-memory link.
extension RouteSimulation {
    /// Feeds an event to one side's machine and performs what it asks.
    mutating func signal(_ t: Int, _ side: TunnelSide, _ event: SessionEvent) {
        guard let actions = speaker(t, side, { $0.session.handle(event) }) else { return }
        perform(actions, t, side)
    }

    /// Performs a machine's actions in order (RFC 4271 §8: the machine decides, the owner acts).
    mutating func perform(_ actions: [SessionAction], _ t: Int, _ side: TunnelSide) {
        var restart = false
        for action in actions {
            switch action {
            case .initiateTCPConnection:
                // PassiveTcpEstablishment (the cloud side): never connect out, only accept.
                guard tunnels[t][side]?.session.config.passive == false else { continue }
                let attempt = nextAttempt
                nextAttempt += 1
                speaker(t, side) { $0.attempt = attempt }
                // A SYN over a tunnel that is down is lost: the ConnectRetryTimer tries again.
                if tunnels[t].passesPackets {
                    queue.schedule(.connectionRequest(tunnel: t, from: side, attempt: attempt), at: now + settings.linkDelay)
                }
            case .dropTCPConnection:
                let connection = speaker(t, side) { speaker -> Int? in
                    speaker.attempt = nil
                    defer { speaker.connection = nil }
                    return speaker.connection
                } ?? nil
                if let connection, tunnels[t].passesPackets {
                    queue.schedule(.closed(tunnel: t, to: side.other, connection: connection), at: now + settings.linkDelay)
                }
            case .send(let message):
                guard let speaker = tunnels[t][side], speaker.connection != nil else { continue }
                guard let bytes = try? message.encode(options: speaker.codec) else {
                    record(subject(t, side), "cannot encode \(message.type)")
                    continue
                }
                if case .notification(let notification) = message {
                    record(subject(t, side), "NOTIFICATION sent: \(notification)")
                }
                transmit([bytes], t, side)
            case .startTimer(let timer, let duration):
                let generation = speaker(t, side) { speaker -> Int in
                    speaker.timerGenerations[timer, default: 0] += 1
                    return speaker.timerGenerations[timer]!
                } ?? 0
                queue.schedule(.timer(tunnel: t, side: side, timer: timer, generation: generation), at: now + duration)
            case .stopTimer(let timer):
                speaker(t, side) { $0.timerGenerations[timer, default: 0] += 1 }
            case .sessionEstablished(let negotiated):
                speaker(t, side) { speaker in
                    speaker.codec = negotiated.codecOptions
                    speaker.framer.maxMessageLength = negotiated.codecOptions.maxMessageLength
                    speaker.established = true
                    speaker.lastError = nil
                    speaker.lastLoggedDown = nil
                }
                record(subject(t, side), "BGP Established (hold time \(negotiated.holdTime.simulationSeconds) s)")
                synchronize(t, side, prefixes: nil)
            case .sessionDown(let reason):
                let text = "\(reason)"
                let (wasEstablished, logged) = speaker(t, side) { speaker -> (Bool, String?) in
                    defer {
                        speaker.established = false
                        speaker.lastError = text
                        speaker.lastLoggedDown = text
                    }
                    return (speaker.established, speaker.lastLoggedDown)
                } ?? (false, nil)
                if wasEstablished || logged != text {
                    record(subject(t, side), "BGP down: \(text)")
                }
                if side == .cloud {
                    speaker(t, side) { $0.export?.clear() }
                    model.forgetRoutes(connection: tunnels[t].connectionID, tunnel: tunnels[t].index)
                    advertise(model.lastCloudChanges)
                } else {
                    speaker(t, side) { speaker in
                        speaker.received = [:]
                        speaker.adjRIBOut.clear()
                    }
                }
                restart = true
            case .deliverUpdate(let update):
                learn(update, t, side)
            case .deliverRouteRefresh:
                if side == .cloud {
                    speaker(t, side) { $0.export?.clear() }
                } else {
                    speaker(t, side) { $0.adjRIBOut.clear() }
                }
                synchronize(t, side, prefixes: nil)
            case .stateChanged:
                break
            }
        }
        if restart {
            signal(t, side, .automaticStartWithDampPeerOscillations)
        }
    }

    /// Sends bytes on the side's connection; they arrive after the link delay if the tunnel passes packets.
    mutating func transmit(_ messages: [[UInt8]], _ t: Int, _ side: TunnelSide) {
        guard let connection = tunnels[t][side]?.connection, tunnels[t].passesPackets else { return }
        for bytes in messages {
            queue.schedule(.bytes(tunnel: t, to: side.other, connection: connection, bytes: bytes), at: now + settings.linkDelay)
        }
    }

    // MARK: The in-memory TCP connection

    /// A SYN arrives: a machine in Connect or Active without a connection accepts it (RFC 4271
    /// §8.2.2, TcpConnectionConfirmed); anything else answers with a reset.
    mutating func connectionRequest(_ t: Int, from: TunnelSide, attempt: Int) {
        guard tunnels[t].passesPackets else { return }
        let to = from.other
        var accepted: Int?
        if let receiver = tunnels[t][to], receiver.connection == nil,
           receiver.session.state == .connect || receiver.session.state == .active {
            let connection = nextConnection
            nextConnection += 1
            accepted = connection
            speaker(t, to) { speaker in
                speaker.connection = connection
                speaker.framer = MessageFramer()
                speaker.codec = .standard
            }
        }
        queue.schedule(.connectionAnswer(tunnel: t, to: from, attempt: attempt, connection: accepted), at: now + settings.linkDelay)
        if accepted != nil { signal(t, to, .tcpConnectionConfirmed) }
    }

    /// The SYN-ACK or the reset reaches the side that connected.
    mutating func connectionAnswer(_ t: Int, to side: TunnelSide, attempt: Int, connection: Int?) {
        guard tunnels[t].passesPackets, let speaker = tunnels[t][side] else { return }
        guard speaker.attempt == attempt, speaker.connection == nil else {
            // No longer wanted: close what the other side accepted.
            if let connection { queue.schedule(.closed(tunnel: t, to: side.other, connection: connection), at: now + settings.linkDelay) }
            return
        }
        self.speaker(t, side) { speaker in
            speaker.attempt = nil
            speaker.connection = connection
            speaker.framer = MessageFramer()
            speaker.codec = .standard
        }
        signal(t, side, connection == nil ? .tcpConnectionFails : .tcpConnectionRequestAcked)
    }

    /// Bytes arrive: cut into messages, each fed to the machine (RFC 4271 §8.1.5 events).
    mutating func receive(_ bytes: [UInt8], _ t: Int, _ side: TunnelSide) {
        speaker(t, side) { $0.framer.append(bytes) }
        guard let connection = tunnels[t][side]?.connection else { return }
        while tunnels[t][side]?.connection == connection {
            let next = speaker(t, side) { speaker -> Result<BGPMessage?, BGPDecodeError>? in
                do {
                    guard let frame = try speaker.framer.next() else { return nil }
                    return .success(try BGPMessage.decode(frame, options: speaker.codec))
                } catch let error as BGPDecodeError {
                    return .failure(error)
                } catch {
                    return nil
                }
            } ?? nil
            switch next {
            case nil:
                return
            case .success(let message?)?:
                let actions = speaker(t, side) { $0.session.handle(received: message) } ?? []
                perform(actions, t, side)
            case .success(nil)?:
                continue
            case .failure(let error)?:
                let actions = speaker(t, side) { $0.session.handle(decodeError: error) } ?? []
                perform(actions, t, side)
            }
        }
    }

    // MARK: Routes

    /// An UPDATE delivered by a machine in Established.
    mutating func learn(_ update: UpdateMessage, _ t: Int, _ side: TunnelSide) {
        let withdrawn = update.withdrawn.count + (update.treatAsWithdraw ? update.nlri.count : 0)
        let announced = update.treatAsWithdraw ? 0 : update.nlri.count
        record(subject(t, side), "UPDATE received: \(announced) announced, \(withdrawn) withdrawn")
        if side == .cloud {
            if model.learn(update, connection: tunnels[t].connectionID, tunnel: tunnels[t].index) {
                record(subject(t, side), "UPDATE treated as withdraw (RFC 7606): \(update.nlri.count) prefixes")
            }
            advertise(model.lastCloudChanges)
        } else {
            speaker(t, side) { speaker in
                let withdrawn = update.treatAsWithdraw ? update.withdrawn + update.nlri : update.withdrawn
                for prefix in withdrawn { speaker.received[prefix] = nil }
                if !update.treatAsWithdraw {
                    for prefix in update.nlri { speaker.received[prefix] = update.attributes }
                }
            }
        }
    }

    /// Sends the `CLOUD` rows that changed to the established sessions of their connections.
    mutating func advertise(_ changes: [String: Set<IPv4Prefix>]) {
        for id in changes.keys.sorted() {
            for t in tunnels.indices where tunnels[t].connectionID == id {
                synchronize(t, .cloud, prefixes: changes[id])
            }
        }
    }

    /// Re-synchronizes every cloud session with the model (after a change outside an UPDATE).
    mutating func advertiseAll() {
        for t in tunnels.indices { synchronize(t, .cloud, prefixes: nil) }
    }

    /// Makes the peer's routes for `prefixes` (every prefix when `nil`) match what this side
    /// offers: the connection's `CLOUD` rows on the cloud side, the announcements on the data
    /// center's. Sends nothing unless the session is Established.
    mutating func synchronize(_ t: Int, _ side: TunnelSide, prefixes: Set<IPv4Prefix>?) {
        guard let speaker = tunnels[t][side], speaker.established else { return }
        let codec = speaker.codec
        let batch: ExportBatch
        if side == .cloud {
            let model = self.model
            batch = self.speaker(t, side) { $0.export?.synchronize(with: model, prefixes: prefixes) ?? ExportBatch() } ?? ExportBatch()
        } else {
            batch = self.speaker(t, side) { speaker -> ExportBatch in
                let candidates = prefixes ?? Set(speaker.announcements.keys).union(speaker.adjRIBOut.entries.map(\.prefix))
                var batch = ExportBatch()
                for prefix in candidates.sorted() {
                    switch speaker.adjRIBOut.set(prefix, speaker.announcements[prefix]) {
                    case .announce(_, let attributes)?:
                        batch.announce(prefix, attributes)
                    case .withdraw?:
                        batch.withdrawn.append(prefix)
                    case nil:
                        break
                    }
                }
                return batch
            } ?? ExportBatch()
        }
        guard !batch.isEmpty else { return }
        do {
            transmit(try batch.encode(options: codec), t, side)
        } catch {
            record(subject(t, side), "cannot encode an UPDATE: \(error)")
        }
    }
}
