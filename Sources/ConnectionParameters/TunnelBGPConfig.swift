// BGP settings of one tunnel: `tunnel_bgp_config` (API `TunnelBgpConfig`).

import NetworkPrimitives

/// The BGP settings of a tunnel: Terraform `tunnel_bgp_config`, API `TunnelBgpConfig`
/// (`LocalAsn`, `TunnelCidr`, `LocalBgpIp`).
///
/// Seed "BGP Configuration" and reference §3: the tunnel CIDR is a /30 inside 169.254.0.0/16 other
/// than 169.254.0.0/30 … 169.254.6.0/30 and 169.254.169.252/30; the local BGP IP lies inside it.
/// Reference §10.10: the local BGP IP is one of the two usable addresses, and the peer (the data
/// center) takes the other (e.g. local 169.254.10.1, peer 169.254.10.2).
public struct TunnelBGPConfig: Sendable, Hashable {
    /// `local_asn`: the Alibaba Cloud side's ASN, 1–4294967295, default 45104; the same on both
    /// tunnels (seed "Local ASN").
    public var localASN: ASNumber
    /// `tunnel_cidr`: the /30 the BGP session runs on.
    public var tunnelCIDR: IPv4Prefix
    /// `local_bgp_ip`: the cloud side's BGP address, one of the /30's two usable addresses.
    public var localBGPIP: IPv4Address

    /// The default local ASN, 45104 (seed "Local ASN"; reference §3).
    public static let defaultLocalASN = ASNumber(rawValue: 45104)

    /// The block every tunnel CIDR lies in, 169.254.0.0/16 (seed).
    public static let linkLocalBlock = IPv4Prefix(uncheckedAddress: IPv4Address(169, 254, 0, 0), length: 16)

    /// The tunnel CIDRs the API refuses: 169.254.0.0/30 … 169.254.6.0/30 and 169.254.169.252/30.
    /// The seed and the API list all eight; an older console page (reference §3, S12) stops at
    /// 169.254.5.0/30, and the project takes the superset.
    public static let reservedCIDRs: [IPv4Prefix] =
        (0...6).map { IPv4Prefix(uncheckedAddress: IPv4Address(169, 254, UInt8($0), 0), length: 30) }
        + [IPv4Prefix(uncheckedAddress: IPv4Address(169, 254, 169, 252), length: 30)]

    /// Creates BGP settings; the local ASN defaults to 45104.
    public init(localASN: ASNumber = TunnelBGPConfig.defaultLocalASN, tunnelCIDR: IPv4Prefix, localBGPIP: IPv4Address) {
        self.localASN = localASN
        self.tunnelCIDR = tunnelCIDR
        self.localBGPIP = localBGPIP
    }

    /// The data center's BGP address: the other usable address of the /30 (reference §10.10).
    ///
    /// Computed from ``localBGPIP``'s /30: `.1` gives `.2`, anything else gives `.1`. It is only
    /// meaningful for a configuration that passes ``validate(at:)``.
    public var peerBGPIP: IPv4Address {
        let base = localBGPIP.rawValue & ~UInt32(3)
        return IPv4Address(rawValue: localBGPIP.rawValue == base | 1 ? base | 2 : base | 1)
    }

    /// Checks the settings of one tunnel (the rules across both tunnels live in ``IPsecConnection``):
    /// - `local_asn`: `asn_out_of_range` (0); warnings `asn_special_purpose`, and `asn_not_private`
    ///   for an ASN that is neither 45104 nor private (seed: use a private ASN);
    /// - `tunnel_cidr`: `tunnel_cidr_not_slash30`, `tunnel_cidr_outside_link_local`, `tunnel_cidr_reserved`;
    /// - `local_bgp_ip`: `local_bgp_ip_outside_cidr`, and `local_bgp_ip_not_usable` for the network or
    ///   broadcast address of a /30.
    /// - Parameter field: the path of this `tunnel_bgp_config`.
    public func validate(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let asnField = ValidationIssue.join(field, "local_asn")
        let asnIssues = ASNRules.common(localASN, at: asnField)
        issues += asnIssues
        if asnIssues.isEmpty && localASN != Self.defaultLocalASN && !localASN.isPrivate {
            issues.append(ValidationIssue(
                code: .asnNotPrivate, field: asnField, value: localASN.asplain,
                message: "AS \(localASN.asplain) is not private; the vendor recommends a private ASN"
                    + " (64512-65534 or 4200000000-4294967294) for BGP with Alibaba Cloud"))
        }

        let cidrField = ValidationIssue.join(field, "tunnel_cidr")
        let cidr = tunnelCIDR.description
        if tunnelCIDR.length != 30 {
            issues.append(ValidationIssue(
                code: .tunnelCIDRNotSlash30, field: cidrField, value: cidr,
                message: "\(cidr) is a /\(tunnelCIDR.length); a tunnel CIDR must be a /30"))
        }
        if !Self.linkLocalBlock.contains(tunnelCIDR) {
            issues.append(ValidationIssue(
                code: .tunnelCIDROutsideLinkLocal, field: cidrField, value: cidr,
                message: "\(cidr) is not inside 169.254.0.0/16"))
        } else if Self.reservedCIDRs.contains(tunnelCIDR) {
            issues.append(ValidationIssue(
                code: .tunnelCIDRReserved, field: cidrField, value: cidr,
                message: "\(cidr) is reserved; a tunnel CIDR may not be 169.254.0.0/30 to 169.254.6.0/30"
                    + " or 169.254.169.252/30"))
        }

        let ipField = ValidationIssue.join(field, "local_bgp_ip")
        if !tunnelCIDR.contains(localBGPIP) {
            issues.append(ValidationIssue(
                code: .localBGPIPOutsideCIDR, field: ipField, value: localBGPIP.description,
                message: "\(localBGPIP) is not inside the tunnel CIDR \(cidr)"))
        } else if tunnelCIDR.length == 30
            && (localBGPIP == tunnelCIDR.address || localBGPIP == tunnelCIDR.lastAddress)
        {
            let which = localBGPIP == tunnelCIDR.address ? "network" : "broadcast"
            issues.append(ValidationIssue(
                code: .localBGPIPNotUsable, field: ipField, value: localBGPIP.description,
                message: "\(localBGPIP) is the \(which) address of \(cidr); use one of its two usable addresses"))
        }
        return issues
    }
}
