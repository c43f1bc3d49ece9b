/// Prints one benchmark figure on its own line, in the shape the issues ask for.
func figure(_ name: String, _ value: Double, _ unit: String) {
    let text: String
    if value >= 1000 || value == value.rounded() {
        text = String(Int64(value.rounded()))
    } else {
        text = String((value * 1000).rounded() / 1000)
    }
    print("figure: \(name) \(text) \(unit)")
}

/// Seconds elapsed while running `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
