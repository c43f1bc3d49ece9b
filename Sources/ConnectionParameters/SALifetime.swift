/// The SA lifetime rule shared by phase 1 (`ike_lifetime`) and phase 2 (`ipsec_lifetime`).
///
/// Seed "Security Association Lifetime (seconds)" and "SA Lifetime (seconds)": default 86400,
/// valid 0–86400; reference §7 (API `IkeLifetime`, `IpsecLifetime`: integers 0..86400).
public enum SALifetime {
    /// The valid range in seconds, 0...86400.
    public static let validRange: ClosedRange<Int> = 0...86400
    /// The default, 86400 seconds (one day).
    public static let defaultSeconds = 86400

    /// `lifetime_out_of_range` when `seconds` is outside 0...86400.
    public static func validate(_ seconds: Int, at field: String) -> [ValidationIssue] {
        guard !validRange.contains(seconds) else { return [] }
        return [ValidationIssue(
            code: .lifetimeOutOfRange, field: field, value: String(seconds),
            message: "an SA lifetime of \(seconds) seconds is outside 0 to 86400")]
    }
}
