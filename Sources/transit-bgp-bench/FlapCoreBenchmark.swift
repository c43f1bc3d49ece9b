import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import NetworkPrimitives
import Topology

/// `transit-bgp-bench flap-core`: the `flap` flood through the speaker's own receive path without
/// sockets: one ``SessionDriver`` in Established over the cloud model of ``TransitBGPReceiver``'s
/// topology (the same ``CloudModelAdapter`` the speaker uses), fed the flood in 64 KiB reads as the
/// event loop delivers them. A transport that only counts stands in for the sockets and timers.
///
/// What it isolates: decoding, the session machine, the driver and the model, single-threaded and
/// free of the lab's noise, so that profilers (`perf`, `valgrind --tool=callgrind`) see only them.
/// Figure: `flap_core_updates_per_s` (median of the runs).
enum FlapCoreBenchmark {
    static func run(arguments: [String]) throws {
        let updates = intOption(arguments, "--updates") ?? 100_000
        let runs = intOption(arguments, "--runs") ?? 5
        guard updates >= 2, updates % 2 == 0, runs >= 1 else { throw IngestError("flap-core: --updates must be even and at least 2, --runs at least 1") }
        let (flood, _) = FlapBenchmark.streams(updates: updates)
        let document = try TopologyLoader.load(TransitBGPReceiver.topology)
        var rates: [Double] = []
        for run in 1 ... runs {
            var model = document.model(settled: false)
            model.batch(reportChanges: false) { model in
                for tunnel in model.connections[TransitBGPReceiver.connectionID]?.tunnels ?? [] {
                    model.setTunnel(connection: TransitBGPReceiver.connectionID, tunnel: tunnel.index, up: true)
                }
            }
            var routes = CloudModelAdapter(model: model)
            var transport = CountingTransport()
            var driver = SessionDriver(
                config: SessionConfig(localASN: ASNumber(rawValue: IngestPlan.receiverASN), routerID: IngestPlan.receiverAddress,
                                      peerASN: ASNumber(rawValue: IngestPlan.senderASN), families: [.ipv4Unicast]),
                key: RouteSessionKey(connectionID: TransitBGPReceiver.connectionID, tunnel: 1),
                export: ExternalExport(localAS: ASNumber(rawValue: IngestPlan.receiverASN), nextHop: IngestPlan.receiverAddress),
                ownAddresses: [IngestPlan.receiverAddress])
            driver.handle(.manualStart, &transport, &routes)
            guard let attempt = transport.lastConnect else { throw IngestError("flap-core: the driver did not connect") }
            driver.connected(attempt: attempt, as: attempt, &transport, &routes)
            let open = OpenMessage(autonomousSystem: ASNumber(rawValue: IngestPlan.senderASN), holdTime: UInt16(IngestPlan.hold),
                                   identifier: IngestPlan.senderAddress, capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh])
            driver.received(try BGPMessage.open(open).encode() + BGPMessage.keepalive.encode(), on: attempt, &transport, &routes)
            guard driver.session.state == .established else { throw IngestError("flap-core: no session (\(driver.session.state))") }
            let bytes = flood.bytes
            let chunk = 65_536
            let seconds = measure {
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + chunk, bytes.count)
                    driver.received(Array(bytes[offset ..< end]), on: attempt, &transport, &routes)
                    offset = end
                }
                _ = routes.takeChanges()
            }
            let learned = routes.model.receivedCount(connection: TransitBGPReceiver.connectionID, tunnel: 1)
            guard learned == 2, driver.session.state == .established else {
                throw IngestError("flap-core: after the flood \(learned) prefixes learned (expected the 2 markers), state \(driver.session.state)")
            }
            rates.append(Double(updates) / seconds)
            IngestBenchmark.say("flap-core: run \(run)/\(runs): \(updates) UPDATEs in \(IngestBenchmark.format(seconds)) s")
        }
        figure("flap_core_updates_per_s", median(rates), "updates/s")
    }
}

/// Sockets and timers that only count what the driver asks.
private struct CountingTransport: SessionTransport {
    var nextID = 1
    var lastConnect: ConnectionID?
    var sent = 0
    var timerStarts = 0

    mutating func connect() -> ConnectionID {
        defer { nextID += 1 }
        lastConnect = ConnectionID(rawValue: nextID)
        return ConnectionID(rawValue: nextID)
    }

    mutating func send(_ bytes: [UInt8], on connection: ConnectionID) { sent += 1 }
    mutating func close(_ connection: ConnectionID) {}
    mutating func startTimer(_ timer: DriverTimer, after duration: Duration) { timerStarts += 1 }
    mutating func stopTimer(_ timer: DriverTimer) {}
    mutating func report(_ report: DriverReport) {}
}
