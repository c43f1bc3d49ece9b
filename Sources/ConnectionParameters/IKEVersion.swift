/// The IKE version of a tunnel (`tunnel_ike_config.ike_version`, API `IkeVersion`).
///
/// Seed "IKE Version": ikev1 | ikev2 (default); IKEv2 simplifies SA negotiation and supports several
/// CIDR blocks better. Reference §7: the dual-tunnel default is ikev2 (single-tunnel: ikev1).
public enum IKEVersion: String, ConfigChoice {
    /// IKEv1 (RFC 2409).
    case ikev1
    /// IKEv2 (RFC 7296), the dual-tunnel default.
    case ikev2

    /// The dual-tunnel default, ``ikev2`` (seed; reference §6).
    public static let `default`: IKEVersion = .ikev2
}

extension IKEVersion: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
