import Foundation

extension IngestBenchmark {
    struct Options {
        var prefixes = 1_000_000
        var runs = 3
        var receivers = IngestBenchmark.allReceivers
        /// Per phase (ingest, withdrawal) of one run.
        var timeout: Duration = .seconds(900)
        /// A count that does not move for this long after the sender is done ends the run.
        var stall: Duration = .seconds(60)
        var pollInterval: Duration = .milliseconds(100)
        var pollFraction = 0.02
        var attributeSets: Int?
        var speaker: String?
        var keep = false

        init(arguments: [String]) throws {
            if let value = intOption(arguments, "--prefixes") { prefixes = value }
            if let value = intOption(arguments, "--runs") { runs = value }
            if let value = stringOption(arguments, "--receivers") {
                receivers = value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces).lowercased() }
            }
            if let value = intOption(arguments, "--timeout") { timeout = .seconds(value) }
            if let value = intOption(arguments, "--stall") { stall = .seconds(value) }
            if let value = intOption(arguments, "--poll-ms") { pollInterval = .milliseconds(value) }
            if let value = stringOption(arguments, "--poll-fraction").flatMap(Double.init) { pollFraction = value }
            attributeSets = intOption(arguments, "--attribute-sets")
            speaker = stringOption(arguments, "--speaker")
            keep = arguments.contains("--keep")
            guard prefixes >= 1, runs >= 1, pollInterval >= .milliseconds(10), (0 ... 0.5).contains(pollFraction) else {
                throw IngestError("ingest: --prefixes and --runs must be at least 1, --poll-ms at least 10, --poll-fraction 0 to 0.5")
            }
            for name in receivers where !IngestBenchmark.allReceivers.contains(name) {
                throw IngestError("ingest: unknown receiver \(name) (known: \(IngestBenchmark.allReceivers.joined(separator: ",")))")
            }
        }
    }

    /// What one run measured; nil figures were not reached (the failure says why).
    struct RunResult {
        /// When the query that saw N returned; the table was complete no earlier than `ingestLowerBound`.
        var ingestSeconds: Double?
        var ingestLowerBound: Double?
        var cpuSeconds: Double?
        var peakRSSBytes: Int?
        var withdrawSeconds: Double?
        var senderSeconds: Double?
        var senderCPUSeconds: Double?
        var polls = 0
        var pollWallSeconds = 0.0
        var queryCPUSeconds = 0.0
        var failure: String?
    }
}
