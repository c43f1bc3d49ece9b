import Foundation
import LabKit
#if canImport(Glibc)
import Glibc
#endif

/// FRR `bgpd` (no zebra, no kernel install, config, vty socket and pid in the run's dir), passive,
/// accepting everything (eBGP needs a policy in 8.x) and sending nothing. The count is the peer's
/// `pfxRcd` in `show bgp ipv4 unicast summary json`, asked on the vty socket as vtysh does.
final class FRRReceiver: IngestReceiver {
    let name = "frr"
    private(set) var pid: pid_t = 0
    let queryCPUSeconds = 0.0
    let countDescription = "pfxRcd of the sender in `show bgp ipv4 unicast summary json` (vtysh protocol on bgpd's vty socket)"
    private let bgpd: String
    private var directory = ""

    init() throws {
        bgpd = try LabCommand.locate("bgpd", candidates: ["/usr/lib/frr/bgpd"])
    }

    func start(lab: IngestLab, namespace: String, directory: String) throws {
        self.directory = directory
        let sender = IngestPlan.senderAddress
        var neighbor = FRRNeighborConfig(address: "\(sender)", remoteAS: IngestPlan.senderASN)
        neighbor.passive = true
        neighbor.connectRetrySeconds = nil
        neighbor.advertisementIntervalSeconds = nil
        neighbor.keepaliveSeconds = IngestPlan.keepalive
        neighbor.holdSeconds = IngestPlan.hold
        var frr = FRRConfig(hostname: "ingest-frr", routerID: "\(IngestPlan.receiverAddress)", localAS: IngestPlan.receiverASN, neighbors: [neighbor])
        frr.importPolicy = .all
        frr.exportPolicy = .none
        let config = try frr.render(logFile: "\(directory)/bgpd.log")
        try Data(config.utf8).write(to: URL(fileURLWithPath: "\(directory)/bgpd.conf"))
        // In the foreground (no -d), so the pid is bgpd's own and the benchmark reaps it.
        pid = try lab.spawn(
            in: namespace,
            [bgpd, "-Z", "-S", "-n", "-f", "\(directory)/bgpd.conf", "-i", "\(directory)/bgpd.pid",
             "--vty_socket", directory, "--log", "file:\(directory)/bgpd.stdout.log"],
            logPath: "\(directory)/bgpd.stdout.log")
        let deadline = ContinuousClock().now + .seconds(30)
        while (try? count()) == nil {
            guard ContinuousClock().now < deadline else { throw IngestError("bgpd did not answer vtysh within 30 s; see \(directory)/bgpd.log") }
            usleep(100_000)  // bgpd is reading its config; bounded by `deadline`
        }
    }

    func count() throws -> Int {
        // vtysh's own protocol on bgpd's vty socket (what `vtysh -d bgpd -c …` sends): the command and
        // a NUL; the reply ends with three NULs and a status byte. No vtysh process per poll (one costs
        // about 40 ms of CPU); bgpd's own work to answer is what is left, as with any client.
        let reply = try UnixSocketExchange.send(Array("show bgp ipv4 unicast summary json".utf8) + [0], to: "\(directory)/bgpd.vty") { bytes in
            bytes.count >= 4 && bytes[bytes.count - 4] == 0 && bytes[bytes.count - 3] == 0 && bytes[bytes.count - 2] == 0
        }
        let text = String(decoding: reply.prefix { $0 != 0 }, as: UTF8.self)
        guard reply.count >= 4, reply[reply.count - 1] == 0, text.hasPrefix("{") else {
            throw IngestError("bgpd: \(text.prefix(400)) (status \(reply.last.map(String.init) ?? "none"))")
        }
        // Before Established the peer has no pfxRcd (and before any neighbor is active, the reply is `{}`).
        return firstNumber(in: text, after: "\"\(IngestPlan.senderAddress)\"", key: "\"pfxRcd\"") ?? 0
    }
}
