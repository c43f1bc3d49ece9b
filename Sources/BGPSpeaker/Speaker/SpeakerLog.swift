import Glibc

/// One line per session event on stderr (state changes, NOTIFICATIONs with their decoded meaning,
/// route refresh), prefixed with the seconds since the speaker started.
struct SpeakerLog {
    let start: MonotonicInstant

    init(start: MonotonicInstant = .now) {
        self.start = start
    }

    func write(_ peer: String, _ text: String) {
        let seconds = Double(MonotonicInstant.now.nanoseconds &- start.nanoseconds) / 1e9
        var line = "[\(formatted(seconds))] \(peer): \(text)\n"
        line.withUTF8 { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }

    private func formatted(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
