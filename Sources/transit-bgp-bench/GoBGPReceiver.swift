import Foundation
import LabKit
#if canImport(Glibc)
import Glibc
#endif

/// GoBGP (`gobgpd` with a TOML config in the run's dir, its gRPC API on a Unix socket there),
/// passive, default policies (accept). The count is the destinations of the global IPv4 RIB
/// (`gobgp global rib summary -a ipv4`).
final class GoBGPReceiver: IngestReceiver {
    let name = "gobgp"
    private(set) var pid: pid_t = 0
    private(set) var queryCPUSeconds = 0.0
    let countDescription = "`Destination: N` of `gobgp global rib summary -a ipv4` (the gobgp CLI, gRPC on a Unix socket)"
    private let gobgpd: String
    private let gobgp: String
    private var apiTarget = ""

    init() throws {
        gobgpd = try LabCommand.locate("gobgpd", candidates: ["/usr/bin/gobgpd"])
        gobgp = try LabCommand.locate("gobgp", candidates: ["/usr/bin/gobgp"])
    }

    func start(lab: IngestLab, namespace: String, directory: String) throws {
        apiTarget = "unix://\(directory)/gobgpd.api"
        var gobgpConfig = GoBGPConfig(
            routerID: "\(IngestPlan.receiverAddress)", localAS: IngestPlan.receiverASN,
            neighborAddress: "\(IngestPlan.senderAddress)", neighborAS: IngestPlan.senderASN)
        gobgpConfig.passive = true
        gobgpConfig.holdSeconds = IngestPlan.hold
        gobgpConfig.keepaliveSeconds = IngestPlan.keepalive
        let config = try gobgpConfig.render()
        try Data(config.utf8).write(to: URL(fileURLWithPath: "\(directory)/gobgpd.toml"))
        pid = try lab.spawn(
            in: namespace,
            [gobgpd, "-f", "\(directory)/gobgpd.toml", "-t", "toml", "-p", "-l", "info", "--api-hosts", apiTarget, "--pprof-disable"],
            logPath: "\(directory)/gobgpd.log")
        let deadline = ContinuousClock().now + .seconds(30)
        while (try? count()) == nil {
            guard ContinuousClock().now < deadline else { throw IngestError("gobgpd did not answer gobgp within 30 s; see \(directory)/gobgpd.log") }
            usleep(100_000)  // gobgpd is starting; bounded by `deadline`
        }
    }

    func count() throws -> Int {
        let output = try LabCommand.run([gobgp, "--target", apiTarget, "global", "rib", "summary", "-a", "ipv4"])
        queryCPUSeconds += output.cpuSeconds
        guard output.status == 0, !output.timedOut, let count = firstNumber(in: output.output, key: "Destination:") else {
            throw IngestError("gobgp: exit \(output.status): \(output.output.prefix(400))")
        }
        return count
    }
}
