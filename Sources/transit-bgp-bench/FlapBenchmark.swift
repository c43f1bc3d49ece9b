import BGPWire
import Foundation
import NetworkPrimitives

/// `transit-bgp-bench flap` (issue 15 #16): one sender sends N UPDATEs that flap one prefix
/// (announced, withdrawn, announced, ... with a changing AS path, so each one changes the best
/// path), then announces two marker prefixes in one last UPDATE. The receiver has processed the
/// whole flood when its count reaches 2 (during the flood it is at most 1).
///
/// Same lab, sender, receivers and measurements as `ingest` (``IngestBenchmark``): for each
/// receiver, seconds from Established until the count reaches 2, and the daemon's CPU seconds over
/// that interval. Figures: `flap_updates_per_s_NAME` = N / seconds, `flap_cpu_s_NAME`, and the
/// ratio `flap_ratio_PEER` = ours per second / theirs (above 0.5 means within 2x).
enum FlapBenchmark {
    static let allReceivers = ["transitbgp", "bird"]

    static func run(arguments: [String]) throws {
        let updates = intOption(arguments, "--updates") ?? 100_000
        var options = try IngestBenchmark.Options(arguments: arguments)
        if stringOption(arguments, "--receivers") == nil { options.receivers = allReceivers }
        guard updates >= 2, updates % 2 == 0 else { throw IngestError("flap: --updates must be an even number, at least 2") }
        // The receivers' target count: the two markers.
        options.prefixes = 2
        let (flood, withdrawals) = streams(updates: updates)
        IngestBenchmark.say("flap: \(updates) flapping UPDATEs (\(flood.bytes.count) octets) then 2 marker prefixes; "
                            + "\(options.runs) run(s) per receiver; receivers \(options.receivers.joined(separator: ","))")
        IngestBenchmark.say("flap: load average before: \(ProcessUsage.loadAverage())")
        let speaker = try options.receivers.contains("transitbgp") ? IngestBenchmark.speakerBinary(options.speaker) : ""
        let lab = try IngestLab(keepDirectory: options.keep)
        defer { lab.teardown() }
        let senderNamespace = try lab.addNamespace("snd")
        var rates: [String: [Double]] = [:]
        var cpu: [String: [Double]] = [:]
        var failures = 0
        for name in options.receivers {
            for run in 1 ... options.runs {
                let receiver: any IngestReceiver = switch name {
                case "transitbgp": TransitBGPReceiver(binary: speaker)
                case "frr": try FRRReceiver()
                case "bird": try BIRDReceiver()
                default: try GoBGPReceiver()
                }
                let result: IngestBenchmark.RunResult
                do {
                    result = try IngestBenchmark.measure(receiver, run: run, lab: lab, senderNamespace: senderNamespace,
                                                         announcements: flood, withdrawals: withdrawals, options: options)
                } catch {
                    result = IngestBenchmark.RunResult(failure: "\(error)")
                }
                if let seconds = result.ingestSeconds, seconds > 0, let cpuSeconds = result.cpuSeconds, result.failure == nil {
                    rates[name, default: []].append(Double(updates) / seconds)
                    cpu[name, default: []].append(cpuSeconds)
                    IngestBenchmark.say("flap: \(name) run \(run)/\(options.runs): \(updates) UPDATEs in \(IngestBenchmark.format(seconds)) s "
                                        + "(not before \(IngestBenchmark.format(result.ingestLowerBound ?? 0)) s; the sender wrote its last "
                                        + "octet at \(IngestBenchmark.format(result.senderSeconds ?? 0)) s), CPU \(IngestBenchmark.format(cpuSeconds)) s")
                } else {
                    failures += 1
                    IngestBenchmark.say("flap: \(name) run \(run)/\(options.runs): FAILED: \(result.failure ?? "no figures")")
                }
            }
        }
        IngestBenchmark.say("flap: load average after: \(ProcessUsage.loadAverage())")
        for name in options.receivers {
            guard let values = rates[name] else { continue }
            figure("flap_updates_per_s_\(name)", median(values), "updates/s")
            figure("flap_cpu_s_\(name)", median(cpu[name] ?? []), "s")
        }
        if let ours = rates["transitbgp"].map(median) {
            figure("flap_updates_per_s", ours, "updates/s")
            for peer in options.receivers where peer != "transitbgp" {
                guard let theirs = rates[peer].map(median), theirs > 0 else { continue }
                figure("flap_ratio_\(peer)", ours / theirs, "x")
            }
        }
        if failures > 0 { throw IngestError("flap: \(failures) run(s) failed (see above)") }
    }

    /// The flood: N UPDATEs alternately announcing (AS path `sender 64512+i%100`) and withdrawing
    /// 198.18.0.0/24, then one UPDATE announcing the two markers; and the withdrawal of the markers.
    static func streams(updates: Int) -> (MessageStream, MessageStream) {
        let ours = ASNumber(rawValue: IngestPlan.senderASN)
        let flapping = IPv4Prefix("198.18.0.0/24")!
        let markers = [IPv4Prefix("198.18.1.0/24")!, IPv4Prefix("198.18.2.0/24")!]
        let withdrawal = UpdateMessage.encodeWithdrawals([flapping], options: .standard)[0]
        var messages: [[UInt8]] = []
        messages.reserveCapacity(updates + 1)
        for index in 0 ..< updates / 2 {
            let attributes = PathAttributes(origin: .igp, asPath: ASPath(sequence: [ours, ASNumber(rawValue: 64512 + UInt32(index % 100))]),
                                            nextHop: IngestPlan.senderAddress)
            messages += (try? UpdateMessage.encodeAnnouncements([flapping], attributes: attributes, options: .standard)) ?? []
            messages.append(withdrawal)
        }
        let marker = PathAttributes(origin: .igp, asPath: ASPath(sequence: [ours]), nextHop: IngestPlan.senderAddress)
        messages += (try? UpdateMessage.encodeAnnouncements(markers, attributes: marker, options: .standard)) ?? []
        return (MessageStream(messages), MessageStream(UpdateMessage.encodeWithdrawals(markers, options: .standard)))
    }
}
