/// The phase 2 perfect-forward-secrecy group (`tunnel_ipsec_config.ipsec_pfs`, API `IpsecPfs`).
///
/// Seed "DH Group" (IPsec configuration): disabled (no DH exchange in phase 2; choose it when the
/// on-premises device lacks PFS), group1, group2 (default), group5, group14. Any group enables PFS,
/// which the on-premises device must enable too.
public enum PFSGroup: String, ConfigChoice {
    /// No PFS.
    case disabled
    /// PFS with MODP group 1.
    case group1
    /// PFS with MODP group 2, the default.
    case group2
    /// PFS with MODP group 5.
    case group5
    /// PFS with MODP group 14.
    case group14

    /// ``group2`` (seed; reference §6).
    public static let `default`: PFSGroup = .group2

    /// Whether PFS is on (any group but ``disabled``).
    public var isEnabled: Bool { self != .disabled }
}

extension PFSGroup: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
