// CloudRouting: the cloud side of TransitBGP. This part (config objects and their validation) models
// the parameters of an Alibaba Cloud IPsec-VPN connection in dual-tunnel mode attached to a CEN
// transit router, as the console page (shared/seeds/000_*, 002_*) and the API/Terraform reference
// (shared/reference/alibaba-routing.md, "the reference") describe them. Standard library only.

/// The rule a configuration value broke: a closed list of stable snake_case codes.
///
/// The raw values are part of the project's interface (printed by `validate`, matched by tests and
/// topology goldens); never rename one. Each case names its rule and source: "seed" is the vendor
/// console page, "§n" a section of the reference, [INF] a project choice.
public enum ValidationCode: String, Sendable, Hashable, CaseIterable {
    // MARK: Identity and naming

    /// An `id` (connection or customer gateway) is empty. [INF] ids are the emulator's keys.
    case idMissing = "id_missing"
    /// An ID breaks the spelling rule of ``ResourceIdentifier`` (an ASCII letter, then letters,
    /// digits, `-`, `_`; at most 128): the vendor's IDs (API S5, S20, S27). [INF] the wider set.
    case idInvalid = "id_invalid"
    /// A name holds a control character (a line break, a tab...). [INF] names are echoed and
    /// written into configuration comments.
    case nameControlCharacter = "name_control_character"
    /// The connection name is not 1–100 characters (reference §7, API S5 `Name`).
    case nameLength = "name_length"
    /// The connection name starts with `http://` or `https://` (reference §7, API S5 `Name`).
    case nameInvalid = "name_invalid"
    /// The region ID is empty or not made of `a-z`, `0-9` and `-` (`cn-hangzhou`, `ap-southeast-5`).
    /// Seed "Region": the connection is created in the transit router's region. [INF] spelling rule.
    case regionInvalid = "region_invalid"
    /// The resource group ID is empty or contains white space (API S5 `ResourceGroupId`). [INF]
    case resourceGroupInvalid = "resource_group_invalid"

    // MARK: CEN attachment

    /// "Attach to current account" without a CEN instance ID (seed "CEN Instance ID": required
    /// only when Bind CEN is Current Account).
    case cenIDMissing = "cen_id_missing"
    /// "Attach to another account" with an account ID that is empty or not all digits (seed,
    /// cross-account authorization "Account ID"; Alibaba Cloud account IDs are numeric). [INF]
    case accountIDInvalid = "account_id_invalid"

    // MARK: Customer gateway

    /// The customer gateway IP is in a block the API refuses: 100.64.0.0/10, 127.0.0.0/8,
    /// 169.254.0.0/16, 224.0.0.0/4 (the API's 224–239.x) or 240.0.0.0/4 (the API's 255.x,
    /// widened to all of class E); also 0.0.0.0/8 [INF] (reference §3, API S20).
    case customerGatewayIPReserved = "customer_gateway_ip_reserved"
    /// An ASN is 0; valid ASNs are 1–4294967295 (seed "Local ASN"; reference §3).
    case asnOutOfRange = "asn_out_of_range"
    /// A customer gateway ASN is 45104, which the API refuses (reference §3, API S20).
    case asnReserved45104 = "asn_reserved_45104"
    /// Warning: the ASN is AS_TRANS 23456 (RFC 6793), 65535 or 4294967295 (RFC 7300) or a
    /// documentation ASN (RFC 5398). The API accepts it; BGP peers may not. [INF]
    case asnSpecialPurpose = "asn_special_purpose"
    /// Warning: the local ASN is neither the default 45104 nor private (RFC 6996). Seed "Local
    /// ASN" note: use a private ASN for BGP with Alibaba Cloud.
    case asnNotPrivate = "asn_not_private"
    /// The BGP authentication key is not 1–64 characters (reference §3, API S20 `AuthKey`).
    case authKeyLength = "auth_key_length"
    /// The BGP authentication key has a character other than printable ASCII, or a space or `?`
    /// (reference §3, API S20 `AuthKey`: no spaces, Chinese or `?`).
    case authKeyInvalid = "auth_key_invalid"

    // MARK: Tunnels

    /// The connection does not have exactly two `tunnel_options_specification` entries
    /// (reference §6, §7: exactly 2, both at creation; seed "Tunnel configuration").
    case tunnelCount = "tunnel_count"
    /// A `tunnel_index` is not 1 or 2 (reference §6 `TunnelIndex` 1|2).
    case tunnelIndexInvalid = "tunnel_index_invalid"
    /// Both tunnels have the same `tunnel_index` (reference §7: indexes 1 and 2).
    case tunnelIndexDuplicate = "tunnel_index_duplicate"
    /// A tunnel names a customer gateway that does not exist (the API's
    /// `InvalidCustomerGatewayInstanceId.NotFound`, reference §8).
    case customerGatewayUnknown = "customer_gateway_unknown"
    /// The DPD timeout is not 1–3600 seconds. Seed "DPD": 30 s; reference §2 cites legacy
    /// values of 130 s and 3600 s, the upper bound here. [INF]
    case dpdTimeoutOutOfRange = "dpd_timeout_out_of_range"

    // MARK: BGP

    /// BGP is enabled but a tunnel has no `tunnel_bgp_config` (reference §3, §7; API S5:
    /// `EnableTunnelsBgp=true` ⇒ `TunnelBgpConfig` required; seed: configure BGP for both tunnels).
    case bgpConfigMissing = "bgp_config_missing"
    /// Warning: a tunnel has a `tunnel_bgp_config` while `enable_tunnels_bgp` is false, so the
    /// config has no effect (seed "BGP Configuration": BGP can be enabled later). [INF]
    case bgpConfigUnused = "bgp_config_unused"
    /// BGP is enabled but the tunnel's customer gateway has no ASN (seed "Enable BGP for a
    /// tunnel": the customer gateway must have a BGP ASN; reference §3).
    case customerGatewayASNMissing = "customer_gateway_asn_missing"
    /// The customer gateway ASN equals the tunnel's local ASN: only eBGP is modelled (reference §10.4).
    case customerGatewayASNEqualsLocalASN = "customer_gateway_asn_equals_local_asn"
    /// Warning: the two tunnels' customer gateways have different ASNs (reference §2, DOC S18:
    /// the same peer ASN is recommended).
    case customerGatewayASNDiffers = "customer_gateway_asn_differs"
    /// The two tunnels have different local ASNs (seed "Local ASN": both tunnels use the same
    /// ASN; reference §2, §7).
    case localASNDiffers = "local_asn_differs"
    /// The tunnel CIDR is not a /30 (seed "Tunnel CIDR Block"; reference §3).
    case tunnelCIDRNotSlash30 = "tunnel_cidr_not_slash30"
    /// The tunnel CIDR is not inside 169.254.0.0/16 (seed "Tunnel CIDR Block"; reference §3).
    case tunnelCIDROutsideLinkLocal = "tunnel_cidr_outside_link_local"
    /// The tunnel CIDR is one of 169.254.0.0/30 … 169.254.6.0/30 or 169.254.169.252/30 (seed
    /// "Tunnel CIDR Block"; reference §3 takes this API superset of the console's list).
    case tunnelCIDRReserved = "tunnel_cidr_reserved"
    /// The two tunnels' CIDRs are equal (seed note: the two tunnels must use different tunnel
    /// CIDR blocks; reference §3, §7). Also used when invalid, non-/30 blocks overlap.
    case tunnelCIDRsEqual = "tunnel_cidrs_equal"
    /// The local BGP IP is not inside the tunnel CIDR (seed "Local BGP IP address"; reference §3).
    case localBGPIPOutsideCIDR = "local_bgp_ip_outside_cidr"
    /// The local BGP IP is the network (.0) or broadcast (.3) address of the /30: it must be
    /// one of the two usable addresses (reference §10.10).
    case localBGPIPNotUsable = "local_bgp_ip_not_usable"

    // MARK: IKE and IPsec

    /// The pre-shared key is not 1–100 characters (seed "Pre-shared Key"; reference §7, §10.9).
    case pskLength = "psk_length"
    /// The pre-shared key has a character outside digits, letters and
    /// `` ~`!@#$%^&*()_-+={}[]\|;:',.<>/? `` (a space, `"`, a non-ASCII letter, ...): reference §10.9.
    case pskInvalidCharacter = "psk_invalid_character"
    /// An SA lifetime is outside 0–86400 seconds (seed "Security Association Lifetime" and
    /// "SA Lifetime"; reference §7).
    case lifetimeOutOfRange = "lifetime_out_of_range"
    /// A LocalId/RemoteId contains white space (seed "LocalId", "RemoteId"; reference §7).
    case identifierHasSpace = "identifier_has_space"
    /// A LocalId/RemoteId is empty or longer than 100 characters (reference §7: ≤100 chars;
    /// an empty one is refused [INF]: leave the field out to get the default).
    case identifierLength = "identifier_length"
    /// A LocalId/RemoteId is neither an IPv4 address nor an FQDN (seed "LocalId": an IP address
    /// or a fully qualified domain name).
    case identifierInvalid = "identifier_invalid"
    /// Warning: a LocalId/RemoteId is an FQDN while the IKE mode is main (seed "LocalId",
    /// "RemoteId": with an FQDN, aggressive mode is recommended). Only for IKEv1.
    case identifierFQDNMainMode = "identifier_fqdn_main_mode"
    /// Warning: des, 3des or md5 (seed "Encryption Algorithm" note: do not use des or 3des;
    /// md5: the project treats it as not recommended too).
    case algorithmNotRecommended = "algorithm_not_recommended"

    // MARK: Routing mode

    /// More than one CIDR on a side of Protected Data Flows while a tunnel uses IKEv1 (seed
    /// "Local Network"/"Remote Network" notes; reference §5).
    case multipleCIDRsNeedIKEv2 = "multiple_cidrs_need_ikev2"
    /// Protected Data Flows with no CIDR on a side (seed: Local Network and Remote Network must
    /// be configured; reference §6: `LocalSubnet`, `RemoteSubnet` required).
    case subnetListEmpty = "subnet_list_empty"
    /// Warning: the same CIDR appears twice in one side of Protected Data Flows. [INF]
    case subnetDuplicate = "subnet_duplicate"

    // MARK: Destination-based routes

    /// Two destination-based routes of one connection have the same destination and both weight
    /// 100 (reference §1a, §10 item 12: "two same-prefix routes cannot both have weight 100", S3b).
    case destinationRouteDuplicateActive = "destination_route_duplicate_active"
    /// A destination-based route to 0.0.0.0/0 (reference §1a, §7, §10 item 12; API S7b).
    case destinationRouteDefault = "destination_route_default"
    /// A destination-based route equal to, inside or containing 100.64.0.0/10 (reference §1a, §7,
    /// §10 item 12; API S7b).
    case destinationRouteSharedAddressSpace = "destination_route_shared_address_space"

    // MARK: Text that could not be parsed (``ConfigParsing``)

    /// An ASN text is not asplain or asdot (`65001`, `1.10`); see `ASNumber(parsing:)`.
    case asnInvalid = "asn_invalid"
    /// An IPv4 address text is not a strict dotted quad.
    case addressInvalid = "address_invalid"
    /// An IPv4 prefix text is not strict CIDR notation (or has host bits set).
    case prefixInvalid = "prefix_invalid"
    /// A choice (algorithm, version, mode, group, ...) is not one of the API spellings.
    case choiceInvalid = "choice_invalid"

    /// The severity an issue with this code has: `.warning` for the "not recommended" and
    /// "has no effect" codes, `.error` for everything else.
    public var defaultSeverity: ValidationIssue.Severity {
        switch self {
        case .asnSpecialPurpose, .asnNotPrivate, .bgpConfigUnused, .customerGatewayASNDiffers,
            .identifierFQDNMainMode, .algorithmNotRecommended, .subnetDuplicate:
            return .warning
        default:
            return .error
        }
    }
}

extension ValidationCode: CustomStringConvertible {
    /// The stable snake_case code, e.g. `tunnel_cidr_not_slash30`.
    public var description: String { rawValue }
}
