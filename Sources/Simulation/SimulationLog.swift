/// One line of what happened in a simulation: its time, what it concerns (`vco-dc1/1`, `tr-demo`)
/// and the text.
public struct SimulationLogEntry: Sendable, Hashable {
    public var time: Duration
    public var subject: String
    public var message: String

    public init(time: Duration, subject: String, message: String) {
        self.time = time
        self.subject = subject
        self.message = message
    }
}

extension Duration {
    /// Seconds with millisecond precision, as the simulator prints times ("65.005").
    public var simulationSeconds: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// Whole milliseconds.
    public var simulationMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
