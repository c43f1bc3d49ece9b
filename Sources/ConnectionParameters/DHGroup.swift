/// The Diffie-Hellman group of phase 1 (`tunnel_ike_config.ike_pfs`, API `IkePfs`).
///
/// Seed "DH Group" (IKE configuration): group1, group2 (default), group5, group14 (RFC 2409 §6,
/// RFC 3526). Phase 1 always uses a group; "disabled" exists only in phase 2 (``PFSGroup``).
public enum DHGroup: String, ConfigChoice {
    /// MODP group 1 (768-bit).
    case group1
    /// MODP group 2 (1024-bit), the default.
    case group2
    /// MODP group 5 (1536-bit).
    case group5
    /// MODP group 14 (2048-bit).
    case group14

    /// ``group2`` (seed; reference §6).
    public static let `default`: DHGroup = .group2
}

extension DHGroup: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
