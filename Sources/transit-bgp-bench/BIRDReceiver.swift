import Foundation
import LabKit
#if canImport(Glibc)
import Glibc
#endif

/// BIRD 2 (`bird -f`, config, control socket and pid in the run's dir), passive, `import all`,
/// `export none`. The count is `Routes: N imported` of the protocol in `show protocols all` (birdc;
/// BIRD has no JSON output).
final class BIRDReceiver: IngestReceiver {
    let name = "bird"
    private(set) var pid: pid_t = 0
    private(set) var queryCPUSeconds = 0.0
    let countDescription = "`Routes: N imported` of the sender's protocol in `show protocols all sender` (birdc)"
    private let bird: String
    private let birdc: String
    private var socketPath = ""

    init() throws {
        bird = try LabCommand.locate("bird", candidates: ["/usr/sbin/bird"])
        birdc = try LabCommand.locate("birdc", candidates: ["/usr/sbin/birdc"])
    }

    func start(lab: IngestLab, namespace: String, directory: String) throws {
        socketPath = "\(directory)/bird.ctl"
        var birdConfig = BIRDConfig(
            routerID: "\(IngestPlan.receiverAddress)", localAddress: "\(IngestPlan.receiverAddress)", localAS: IngestPlan.receiverASN,
            neighborAddress: "\(IngestPlan.senderAddress)", neighborAS: IngestPlan.senderASN)
        birdConfig.protocolName = "sender"
        birdConfig.passive = true
        birdConfig.holdSeconds = IngestPlan.hold
        birdConfig.keepaliveSeconds = IngestPlan.keepalive
        let config = try birdConfig.render(logFile: "\(directory)/bird.log")
        try Data(config.utf8).write(to: URL(fileURLWithPath: "\(directory)/bird.conf"))
        pid = try lab.spawn(
            in: namespace, [bird, "-f", "-c", "\(directory)/bird.conf", "-s", socketPath, "-P", "\(directory)/bird.pid"],
            logPath: "\(directory)/bird.stdout.log")
        let deadline = ContinuousClock().now + .seconds(30)
        while (try? count()) == nil {
            guard ContinuousClock().now < deadline else { throw IngestError("bird did not answer birdc within 30 s; see \(directory)/bird.log") }
            usleep(100_000)  // bird is starting; bounded by `deadline`
        }
    }

    func count() throws -> Int {
        let output = try LabCommand.run([birdc, "-s", socketPath, "show", "protocols", "all", "sender"])
        queryCPUSeconds += output.cpuSeconds
        guard output.status == 0, !output.timedOut, output.output.contains("sender") else {
            throw IngestError("birdc: exit \(output.status): \(output.output.prefix(400))")
        }
        // "Routes:         1000000 imported, 0 exported, 1000000 preferred" (absent before Established).
        return firstNumber(in: output.output, after: "Routes:", key: "") ?? 0
    }
}
