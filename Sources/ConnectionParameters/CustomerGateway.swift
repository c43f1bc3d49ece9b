// The data center's end of the tunnels: a customer gateway (API CreateCustomerGateway,
// Terraform `alicloud_vpn_customer_gateway`).

import NetworkPrimitives

/// A customer gateway: the data center's public (or, for private connections, private) IP address,
/// its BGP ASN and an optional BGP authentication key (reference §3, API S20).
///
/// The ASN cannot be changed after creation (create a new gateway and re-point the tunnel; seed
/// "Enable BGP for a tunnel separately"). The same gateway may serve both tunnels (reference §6).
public struct CustomerGateway: Sendable, Hashable {
    /// The customer gateway ID (`cgw-…`), the key tunnels refer to through `customer_gateway_id`.
    public var id: String
    /// `ip_address`: the data center gateway's address.
    public var ipAddress: IPv4Address
    /// `asn`: required for BGP; 1–4294967295, not 45104. Asdot text is accepted through
    /// `ASNumber(parsing:)` (`1.10` = 65546).
    public var asn: ASNumber?
    /// `auth_key`: the BGP MD5 authentication key, 1–64 printable ASCII characters, no space or `?`.
    public var bgpAuthKey: String?

    /// Creates a customer gateway.
    public init(id: String, ipAddress: IPv4Address, asn: ASNumber? = nil, bgpAuthKey: String? = nil) {
        self.id = id
        self.ipAddress = ipAddress
        self.asn = asn
        self.bgpAuthKey = bgpAuthKey
    }

    /// The blocks a customer gateway IP may not be in, with a name for messages.
    ///
    /// The API (reference §3) refuses 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 224–239.x
    /// (224.0.0.0/4) and 255.x. The project widens 255.x to the whole of 240.0.0.0/4 (reserved,
    /// RFC 1112 §4; never a unicast peer) and adds 0.0.0.0/8 ("this network", RFC 1122
    /// §3.2.1.3), which cannot be a peer either.
    public static let reservedBlocks: [(prefix: IPv4Prefix, name: String)] = [
        (IPv4Prefix(uncheckedAddress: IPv4Address(0, 0, 0, 0), length: 8), "0.0.0.0/8 (this network)"),
        (IPv4Prefix(uncheckedAddress: IPv4Address(100, 64, 0, 0), length: 10), "100.64.0.0/10 (shared address space)"),
        (IPv4Prefix(uncheckedAddress: IPv4Address(127, 0, 0, 0), length: 8), "127.0.0.0/8 (loopback)"),
        (IPv4Prefix(uncheckedAddress: IPv4Address(169, 254, 0, 0), length: 16), "169.254.0.0/16 (link-local)"),
        (IPv4Prefix(uncheckedAddress: IPv4Address(224, 0, 0, 0), length: 4), "224.0.0.0/4 (multicast)"),
        (IPv4Prefix(uncheckedAddress: IPv4Address(240, 0, 0, 0), length: 4), "240.0.0.0/4 (reserved)"),
    ]

    /// The longest BGP authentication key, 64 characters (reference §3).
    public static let maximumAuthKeyLength = 64

    /// Checks the gateway on its own (the tunnel-related rules live in ``IPsecConnection``):
    /// - `id_missing` (`id`) when the ID is empty, `id_invalid` when it breaks ``ResourceIdentifier``'s rule;
    /// - `customer_gateway_ip_reserved` (`ip_address`) for an address in ``reservedBlocks``;
    /// - `asn_out_of_range` (0), `asn_reserved_45104`, and the warning `asn_special_purpose` (`asn`);
    /// - `auth_key_length` (not 1–64) and `auth_key_invalid` (space, `?`, non-ASCII, control) (`auth_key`).
    /// - Parameter field: the path of this gateway, e.g. `customer_gateways[0]`.
    public func validate(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ResourceIdentifier.validate(id, identifying: "a customer gateway", at: ValidationIssue.join(field, "id")) {
            issues.append(issue)
        }
        if let block = Self.reservedBlocks.first(where: { $0.prefix.contains(ipAddress) }) {
            issues.append(ValidationIssue(
                code: .customerGatewayIPReserved, field: ValidationIssue.join(field, "ip_address"),
                value: ipAddress.description,
                message: "\(ipAddress) is in \(block.name), which a customer gateway may not use"))
        }
        if let asn {
            let asnField = ValidationIssue.join(field, "asn")
            if asn == ASNRules.alibabaDefault {
                issues.append(ValidationIssue(
                    code: .asnReserved45104, field: asnField, value: asn.asplain,
                    message: "AS 45104 is Alibaba Cloud's default ASN and cannot be a customer gateway's ASN"))
            } else {
                issues += ASNRules.common(asn, at: asnField)
            }
        }
        if let key = bgpAuthKey {
            let keyField = ValidationIssue.join(field, "auth_key")
            let length = key.unicodeScalars.count
            if length < 1 || length > Self.maximumAuthKeyLength {
                issues.append(ValidationIssue(
                    code: .authKeyLength, field: keyField, value: key,
                    message: "the BGP authentication key has \(length) characters; it must have 1 to 64"))
            }
            if let bad = TextRules.firstDisallowed(in: key, where: { (0x21...0x7E).contains($0.value) && $0 != "?" }) {
                issues.append(ValidationIssue(
                    code: .authKeyInvalid, field: keyField, value: key,
                    message: "\(TextRules.describe(bad.scalar)) at position \(bad.offset + 1) is not allowed in a"
                        + " BGP authentication key (printable ASCII without spaces or '?')"))
            }
        }
        return issues
    }
}
