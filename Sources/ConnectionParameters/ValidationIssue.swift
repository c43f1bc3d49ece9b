/// One problem found in a configuration: which rule (``code``), where (``field``), the offending
/// value and a sentence for people.
///
/// `validate` functions report every problem, not the first. ``field`` is a JSON-path-like location
/// built from the path the caller passes in plus the vendor API/Terraform field names in snake_case,
/// e.g. `connections[0].tunnel_options_specification[1].tunnel_ike_config.psk`. Bracketed numbers
/// are 0-based positions in the caller's arrays (not the 1-based `tunnel_index`).
///
/// Field names used below a connection: `name`, `region_id`, `resource_group_id`,
/// `attach_cen.cen_id`, `attach_cen.account_id`, `local_subnet[i]`, `remote_subnet[i]`,
/// `tunnel_options_specification` and, per tunnel, `tunnel_index`, `customer_gateway_id`,
/// `dpd_timeout`, `tunnel_bgp_config.{local_asn,tunnel_cidr,local_bgp_ip}`,
/// `tunnel_ike_config.{ike_version,ike_mode,ike_enc_alg,ike_auth_alg,ike_pfs,ike_lifetime,local_id,remote_id,psk}`,
/// `tunnel_ipsec_config.{ipsec_enc_alg,ipsec_auth_alg,ipsec_pfs,ipsec_lifetime}`, and
/// `destination_routes[i].{route_dest,weight}` (``DestinationRoute/validate(_:at:)``). Below a customer
/// gateway: `id`, `ip_address`, `asn`, `auth_key`.
public struct ValidationIssue: Sendable, Hashable {
    /// Whether the problem stops the configuration from being accepted.
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        /// The vendor (or the project, for [INF] rules) refuses the value.
        case error
        /// Accepted, but not recommended or without effect (des/3des/md5, a public local ASN, ...).
        case warning
    }

    /// The rule that was broken.
    public var code: ValidationCode
    /// Where: the caller's path plus the API field names, e.g. `connections[0].name`.
    public var field: String
    /// The offending value as text (an ASN in asplain, a prefix in CIDR notation, ...).
    public var value: String
    /// Which rule, for people, naming the value: `'http://x' must not start with http:// or https://`.
    public var message: String
    /// ``Severity/error`` or ``Severity/warning``; by default ``ValidationCode/defaultSeverity``.
    public var severity: Severity

    /// Creates an issue; the severity defaults to the code's ``ValidationCode/defaultSeverity``.
    public init(
        code: ValidationCode, field: String, value: String, message: String, severity: Severity? = nil
    ) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
        self.severity = severity ?? code.defaultSeverity
    }

    /// Whether this is an error (not a warning).
    public var isError: Bool { severity == .error }
}

extension ValidationIssue: CustomStringConvertible {
    /// `field: code: message`, with ` (warning)` after the code for warnings, e.g.
    /// `connections[0].name: name_invalid: 'http://x' must not start with http:// or https://`.
    public var description: String {
        let label = severity == .warning ? "\(code.rawValue) (warning)" : code.rawValue
        return field.isEmpty ? "\(label): \(message)" : "\(field): \(label): \(message)"
    }
}

/// An issue can be thrown or carried in a `Result` (see ``ConfigParsing``).
extension ValidationIssue: Error {}

extension Sequence<ValidationIssue> {
    /// Whether any issue is an error (warnings alone leave a configuration usable).
    public var containsErrors: Bool { contains { $0.severity == .error } }
}

// MARK: Field paths

extension ValidationIssue {
    /// Appends a member name to a JSON-path-like field: `a` + `b` = `a.b`; an empty base gives `b`.
    static func join(_ base: String, _ member: String) -> String {
        base.isEmpty ? member : base + "." + member
    }

    /// Appends a 0-based position: `a` + 1 = `a[1]`.
    static func join(_ base: String, index: Int) -> String {
        base + "[" + String(index) + "]"
    }
}
