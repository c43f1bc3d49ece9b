import BGPWire
import Foundation
import NetworkPrimitives
#if canImport(Glibc)
import Glibc
#endif

/// `transit-bgp-bench ingest`: one sender announces N IPv4 prefixes (the codec benchmark's realistic
/// mix) to one receiver at a time, our speaker and real FRR, BIRD and GoBGP daemons, each in its own
/// network namespace joined to the sender's by a veth pair (169.254.10.0/30), then withdraws them.
///
/// The sender is our encoder: every UPDATE is encoded before the session opens, then pushed at
/// socket speed (`ingest_sender_s`: its own time from Established to the last byte written). For
/// each receiver and run: seconds from Established until the receiver's own count reaches N (polled
/// at most every `--poll-ms`, each poll one query of its CLI or control socket), the daemon's CPU
/// seconds over that interval (utime + stime, /proc/PID/stat), its peak resident memory (VmHWM,
/// /proc/PID/status) once the table is complete, and after a withdrawal of all N, seconds until the
/// count is 0. Figures are the median of the runs; ratios are ours / theirs.
enum IngestBenchmark {
    static let interface = "ing0"
    static let allReceivers = ["transitbgp", "frr", "bird", "gobgp"]

    static func run(arguments: [String]) throws {
        let options = try Options(arguments: arguments)
        let speaker = try options.receivers.contains("transitbgp") ? speakerBinary(options.speaker) : ""
        let sets = options.attributeSets ?? max(1, options.prefixes / 20)
        let (announcements, withdrawals) = streams(prefixes: options.prefixes, attributeSets: sets)
        say("ingest: \(options.prefixes) prefixes, \(sets) attribute sets: \(announcements.messageCount) UPDATEs "
              + "(\(announcements.bytes.count) octets, End-of-RIB included), withdrawal \(withdrawals.messageCount) UPDATEs "
              + "(\(withdrawals.bytes.count) octets); \(options.runs) run(s) per receiver; receivers \(options.receivers.joined(separator: ","))")
        say("ingest: load average before: \(ProcessUsage.loadAverage())")

        let lab = try IngestLab(keepDirectory: options.keep)
        defer { lab.teardown() }
        let senderNamespace = try lab.addNamespace("snd")
        var results: [String: [RunResult]] = [:]
        var descriptions: [String: String] = [:]
        for name in options.receivers {
            for run in 1 ... options.runs {
                let receiver: any IngestReceiver
                switch name {
                case "transitbgp": receiver = TransitBGPReceiver(binary: speaker)
                case "frr": receiver = try FRRReceiver()
                case "bird": receiver = try BIRDReceiver()
                default: receiver = try GoBGPReceiver()
                }
                descriptions[name] = receiver.countDescription
                var result: RunResult
                do {
                    result = try measure(receiver, run: run, lab: lab, senderNamespace: senderNamespace,
                                         announcements: announcements, withdrawals: withdrawals, options: options)
                } catch {
                    result = RunResult(failure: "\(error)")
                }
                say("ingest: \(name) run \(run)/\(options.runs): " + summary(result, options: options))
                results[name, default: []].append(result)
            }
        }
        say("ingest: load average after: \(ProcessUsage.loadAverage())")
        report(results, descriptions: descriptions, options: options)
        let failed = results.values.joined().filter { $0.failure != nil }.count
        if failed > 0 { throw IngestError("ingest: \(failed) run(s) failed or timed out (see above)") }
    }

    // MARK: One run

    static func measure(
        _ receiver: any IngestReceiver, run: Int, lab: IngestLab, senderNamespace: String,
        announcements: MessageStream, withdrawals: MessageStream, options: Options
    ) throws -> RunResult {
        let namespace = try lab.addNamespace(receiver.name)
        defer { lab.deleteNamespace(namespace) }
        let length = IngestPlan.prefixLength
        try lab.link(senderNamespace, "\(IngestPlan.senderAddress)/\(length)", namespace, "\(IngestPlan.receiverAddress)/\(length)",
                     interface: interface)
        // Deleting a namespace frees its veth end asynchronously: delete the pair itself, so the
        // next run can create it again at once.
        defer { lab.deleteLink(senderNamespace, interface: interface) }
        let directory = "\(lab.directory)/\(receiver.name)-\(run)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try receiver.start(lab: lab, namespace: namespace, directory: directory)
        defer { lab.stop(receiver.pid) }

        let sender = IngestSender(
            configuration: .init(namespacePath: IngestLab.namespacePath(senderNamespace), localAddress: IngestPlan.senderAddress,
                                 remoteAddress: IngestPlan.receiverAddress, asn: ASNumber(rawValue: IngestPlan.senderASN),
                                 holdTime: UInt16(IngestPlan.hold)),
            announcements: announcements, withdrawals: withdrawals)
        sender.start()
        defer { sender.stop() }
        let clock = ContinuousClock()
        let connectDeadline = clock.now + .seconds(90)
        var established: ContinuousClock.Instant?
        while established == nil {
            let status = sender.status
            if let error = status.error { throw IngestError("sender: \(error)") }
            established = status.established
            guard clock.now < connectDeadline else { throw IngestError("no session with \(receiver.name) within 90 s") }
            if established == nil { usleep(1000) }  // bounded by `connectDeadline`
        }
        guard let established, let cpuStart = ProcessUsage.cpuSeconds(receiver.pid) else {
            throw IngestError("\(receiver.name) (pid \(receiver.pid)) is gone")
        }

        var result = RunResult()
        let queryCPUStart = receiver.queryCPUSeconds
        let ingest = try waitForCount(receiver, sender: sender, reaching: options.prefixes, since: established, options: options)
        result.polls = ingest.polls
        result.pollWallSeconds = ingest.queryWallSeconds
        result.queryCPUSeconds = receiver.queryCPUSeconds - queryCPUStart
        let senderStatus = sender.status
        if let announced = senderStatus.announced {
            result.senderSeconds = seconds(announced - established)
            result.senderCPUSeconds = senderStatus.announceCPUSeconds
        }
        switch ingest.outcome {
        case .reached(let instant, let notBefore):
            result.ingestSeconds = seconds(instant - established)
            // Nor before the sender wrote its last byte.
            result.ingestLowerBound = max(seconds(notBefore - established), result.senderSeconds ?? 0)
            result.cpuSeconds = ProcessUsage.cpuSeconds(receiver.pid).map { $0 - cpuStart }
            result.peakRSSBytes = ProcessUsage.statusBytes(receiver.pid, "VmHWM")
        case .failed(let reason):
            result.failure = reason
            return result
        }

        sender.withdrawAll()
        var withdrawStart: ContinuousClock.Instant?
        let withdrawDeadline = clock.now + .seconds(10)
        while withdrawStart == nil && clock.now < withdrawDeadline {
            withdrawStart = sender.status.withdrawStarted
            if withdrawStart == nil { usleep(1000) }  // bounded by `withdrawDeadline`
        }
        guard let withdrawStart else {
            result.failure = "the sender did not start the withdrawal: \(sender.status.error ?? "?")"
            return result
        }
        let withdrawal = try waitForCount(receiver, sender: sender, reaching: 0, since: withdrawStart, options: options)
        switch withdrawal.outcome {
        case .reached(let instant, _): result.withdrawSeconds = seconds(instant - withdrawStart)
        case .failed(let reason): result.failure = "withdrawal: \(reason)"
        }
        return result
    }

    enum WaitOutcome {
        /// When the query that saw the target returned (an upper bound), and when the last query that
        /// saw less started (a lower bound: the table was not complete before it).
        case reached(ContinuousClock.Instant, notBefore: ContinuousClock.Instant)
        case failed(String)
    }

    /// Polls the receiver's count, at most once per `--poll-ms`, until it reaches `target` (N, or
    /// 0 for a withdrawal), the phase times out, the count stalls after the sender is done, or the
    /// daemon or the session dies.
    static func waitForCount(
        _ receiver: any IngestReceiver, sender: IngestSender, reaching target: Int, since start: ContinuousClock.Instant,
        options: Options
    ) throws -> (outcome: WaitOutcome, polls: Int, queryWallSeconds: Double) {
        let clock = ContinuousClock()
        var polls = 0
        var queryWall: Duration = .zero
        var last = -1
        var lastChange = clock.now
        var notBefore = start
        while true {
            let queryStart = clock.now
            let count: Int
            do {
                count = try receiver.count()
            } catch {
                return (.failed("query failed: \(error)"), polls, seconds(queryWall))
            }
            let now = clock.now
            polls += 1
            queryWall += now - queryStart
            if target == 0 ? count <= 0 : count >= target {
                return (.reached(now, notBefore: notBefore), polls, seconds(queryWall))
            }
            notBefore = queryStart
            if count != last {
                last = count
                lastChange = now
            }
            let status = sender.status
            if let error = status.error { return (.failed("sender: \(error) (count \(count) of \(target))"), polls, seconds(queryWall)) }
            if !isRunning(receiver.pid) { return (.failed("\(receiver.name) exited (count \(count))"), polls, seconds(queryWall)) }
            if now - start > options.timeout {
                return (.failed("TIMEOUT after \(seconds(options.timeout)) s with \(count) prefixes (target \(target))"), polls, seconds(queryWall))
            }
            let senderDone = target == 0 ? status.withdrawn != nil : status.announced != nil
            if senderDone && now - lastChange > options.stall {
                return (.failed("STALLED at \(count) prefixes (target \(target)) for \(seconds(options.stall)) s"), polls, seconds(queryWall))
            }
            // At most every --poll-ms, and no more often than every --poll-fraction of the time
            // elapsed: a long ingest (GoBGP's minutes) is not slowed by its own observers, and the
            // detection error stays within that fraction.
            let elapsed = seconds(now - start)
            let interval = max(options.pollInterval, .milliseconds(Int(elapsed * options.pollFraction * 1000)))
            let next = queryStart + interval
            if next > clock.now { sleepUntil(next) }
        }
    }

    // MARK: The stream

    /// The announcements (every UPDATE encoded once: the realistic mix, our AS prepended, next hop the
    /// sender's address, then End-of-RIB) and the withdrawals of the same prefixes.
    static func streams(prefixes: Int, attributeSets: Int) -> (MessageStream, MessageStream) {
        var table = RealisticTable(prefixes: prefixes, attributeSets: attributeSets, nextHop: IngestPlan.senderAddress)
        let ours = ASNumber(rawValue: IngestPlan.senderASN)
        for index in table.attributeSets.indices {
            table.attributeSets[index].asPath = (table.attributeSets[index].asPath ?? .empty).prepending(ours)
        }
        var messages = table.encodedUpdates()
        messages.append((try? BGPMessage.update(UpdateMessage()).encode()) ?? [])  // End-of-RIB (RFC 4724 §2)
        let withdrawals = UpdateMessage.encodeWithdrawals(table.allPrefixes, options: .standard)
        return (MessageStream(messages), MessageStream(withdrawals))
    }

    // MARK: Helpers

    /// `transit-bgp` of the same build: `--speaker PATH`, else next to this executable.
    static func speakerBinary(_ override: String?) throws -> String {
        let path: String
        if let override {
            path = override
        } else {
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            path = executable.deletingLastPathComponent().appendingPathComponent("transit-bgp").path
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw IngestError("transit-bgp not found at \(path); build it with `swift build -c release` or pass --speaker PATH")
        }
        return path
    }

    /// True while the child runs (not yet a zombie).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = text.lastIndex(of: ")") else {
            return false
        }
        let state = text[text.index(after: close)...].drop { $0 == " " }.first
        return state != "Z" && state != "X"
    }

    static func sleepUntil(_ instant: ContinuousClock.Instant) {
        let remaining = instant - ContinuousClock().now
        guard remaining > .zero else { return }
        let (secs, attos) = remaining.components
        var request = timespec(tv_sec: Int(secs), tv_nsec: Int(attos / 1_000_000_000))
        var left = timespec()
        while nanosleep(&request, &left) != 0 && errno == EINTR { request = left }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
