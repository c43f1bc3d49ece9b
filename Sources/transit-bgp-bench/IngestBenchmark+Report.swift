import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `transit-bgp-bench ingest` prints: one line per run, then the figures (medians) and ratios.
extension IngestBenchmark {
    static func summary(_ result: RunResult, options: Options) -> String {
        var parts: [String] = []
        if let value = result.senderSeconds {
            parts.append("sender pushed in \(format(value)) s (\(format(result.senderCPUSeconds ?? 0)) s CPU)")
        }
        if let value = result.ingestSeconds {
            parts.append("all \(options.prefixes) in the table after \(format(value)) s (not before \(format(result.ingestLowerBound ?? 0)) s)")
        }
        if let value = result.cpuSeconds { parts.append("CPU \(format(value)) s") }
        if let value = result.peakRSSBytes { parts.append("peak RSS \(format(Double(value) / 1_048_576)) MiB") }
        if let value = result.withdrawSeconds { parts.append("withdrawal \(format(value)) s") }
        if result.polls > 0 {
            parts.append("\(result.polls) ingest polls, \(format(result.pollWallSeconds / Double(result.polls) * 1000)) ms each, "
                         + "\(format(result.queryCPUSeconds)) s CPU in query processes")
        }
        if let failure = result.failure { parts.append("FAILED: \(failure)") }
        return parts.joined(separator: "; ")
    }

    static func report(_ results: [String: [RunResult]], descriptions: [String: String], options: Options) {
        var medians: [String: (ingest: Double, cpu: Double, rss: Double, withdraw: Double?)] = [:]
        var senderSeconds: [Double] = []
        for name in options.receivers {
            let runs = results[name] ?? []
            let complete = runs.filter { $0.ingestSeconds != nil && $0.cpuSeconds != nil && $0.peakRSSBytes != nil }
            say("ingest: \(name): count = \(descriptions[name] ?? "?")")
            guard !complete.isEmpty else {
                say("ingest: \(name): no complete run (\(runs.compactMap(\.failure).joined(separator: "; "))): no figures")
                continue
            }
            if complete.count < runs.count {
                say("ingest: \(name): \(runs.count - complete.count) of \(runs.count) runs failed; the median is over \(complete.count)")
            }
            let withdraws = complete.compactMap(\.withdrawSeconds)
            let row = (ingest: median(complete.compactMap(\.ingestSeconds)), cpu: median(complete.compactMap(\.cpuSeconds)),
                       rss: median(complete.compactMap { $0.peakRSSBytes.map { Double($0) / 1_048_576 } }),
                       withdraw: withdraws.isEmpty ? nil : median(withdraws))
            medians[name] = row
            let pushed = runs.compactMap(\.senderSeconds)
            if !pushed.isEmpty {
                senderSeconds.append(median(pushed))
                figure("ingest_sender_s_\(name)", median(pushed), "s")
            }
            figure("ingest_s_\(name)", row.ingest, "s")
            figure("ingest_cpu_s_\(name)", row.cpu, "s")
            figure("ingest_rss_mib_\(name)", row.rss, "MiB")
            if let withdraw = row.withdraw { figure("withdraw_s_\(name)", withdraw, "s") }
        }
        // The sender's own time against the receiver that kept up best (the others push back).
        if let fastest = senderSeconds.min() { figure("ingest_sender_s", fastest, "s") }
        let cpu = results.values.joined().compactMap(\.senderCPUSeconds)
        if !cpu.isEmpty { figure("ingest_sender_cpu_s", median(cpu), "s") }
        guard let ours = medians["transitbgp"] else { return }
        for peer in options.receivers where peer != "transitbgp" {
            guard let theirs = medians[peer] else { continue }
            // A ratio needs a measurable denominator (CPU time comes in 10 ms clock ticks).
            func ratio(_ name: String, _ a: Double?, _ b: Double?) {
                guard let a, let b else { return }
                guard b > 0 else { return say("ingest: \(name): \(peer)'s value is 0 at this resolution: no ratio") }
                figure(name, a / b, "x")
            }
            ratio("ingest_ratio_\(peer)", ours.ingest, theirs.ingest)
            ratio("ingest_cpu_ratio_\(peer)", ours.cpu, theirs.cpu)
            ratio("ingest_rss_ratio_\(peer)", ours.rss, theirs.rss)
            ratio("withdraw_ratio_\(peer)", ours.withdraw, theirs.withdraw)
        }
    }

    /// Prints a progress line at once, also into a pipe (a long run shows where it is).
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func format(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}
