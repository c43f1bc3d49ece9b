// Why a lifecycle operation on a ``CloudInventory`` was refused (create, modify, enable/disable BGP,
// cross-account authorization, attach/detach, delete: seed "Kelola koneksi IPsec-VPN").

/// Why a ``CloudInventory`` operation was refused: which rule (``code``), where (``field``), the
/// offending value and a sentence for people.
///
/// Match on ``code``: two errors are equal (and hash alike) when their codes are equal, whatever
/// their field, value or message (the swift-asn1 `ASN1Error` convention). ``field`` uses the vendor
/// API field names in snake_case, like ``ValidationIssue/field`` with an empty root:
/// `connection_id`, `tunnel_index`, `tunnel_options_specification[0].tunnel_bgp_config`, `account_id`, ...
/// A throwing operation leaves the inventory unchanged.
public struct LifecycleError: Error, Sendable {
    /// The rule an operation broke: stable snake_case raw values (printed by the CLI, matched by
    /// tests; never rename one).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The new or modified object has an error-severity ``ValidationIssue`` (``field`` is the
        /// first one's; ``issues`` has them all). Reference §7; seed "Konfigurasi terowongan".
        case invalidConfiguration = "invalid_configuration"
        /// A customer gateway, connection or transit-router attachment ID is already in use. [INF]
        /// IDs are the emulator's keys.
        case duplicateID = "duplicate_id"
        /// A transit router or attachment ID passed to attach is empty. [INF]
        case idMissing = "id_missing"
        /// No connection has this ID.
        case unknownConnection = "unknown_connection"
        /// No customer gateway has this ID (reference §8 `InvalidCustomerGatewayInstanceId.NotFound`).
        case unknownGateway = "unknown_gateway"
        /// The connection has no tunnel with this `tunnel_index` (reference §6: 1 or 2).
        case unknownTunnel = "unknown_tunnel"
        /// The tunnel's `State` is `deleting` (seed "Status"; reference §6 read-back `State`).
        case tunnelBusy = "tunnel_busy"
        /// The field can never change after creation: the gateway type, the transit router
        /// (seed "Ubah koneksi IPsec-VPN"), a tunnel's `tunnel_index`.
        case immutableField = "immutable_field"
        /// Enabling BGP while a tunnel has no `tunnel_bgp_config` (seed "Aktifkan fitur BGP":
        /// configure BGP for both tunnels; reference §7).
        case bgpConfigMissing = "bgp_config_missing"
        /// Enabling BGP while a tunnel's customer gateway has no ASN (seed "Aktifkan fitur BGP").
        case customerGatewayASNMissing = "customer_gateway_asn_missing"
        /// A cross-account grant's or owner's account ID is empty or not all digits (seed,
        /// cross-account authorization "Account ID"). [INF] account IDs are numeric.
        case accountIDInvalid = "account_id_invalid"
        /// A grant or attach without a CEN instance ID (seed "Peer CEN Instance ID", "CEN Instance ID").
        case cenIDMissing = "cen_id_missing"
        /// The connection already grants this account (revoke first). [INF] one grant per account,
        /// so that revoking by account ID is unambiguous.
        case duplicateGrant = "duplicate_grant"
        /// Revoking a grant the connection does not have.
        case unknownGrant = "unknown_grant"
        /// The operation needs the connection detached from its transit router (seed: grant,
        /// revoke and delete all say "detach first").
        case attached = "attached"
        /// Attaching a connection that is already attached: one transit router per connection
        /// (seed "Ubah koneksi IPsec-VPN"; reference §4, API S22).
        case alreadyAttached = "already_attached"
        /// Detaching a connection that is not attached.
        case notAttached = "not_attached"
        /// A cross-account attach without a grant for that account and CEN instance (seed
        /// "Berikan izin koneksi IPsec-VPN ke instans router transit di akun lain").
        case notAuthorized = "not_authorized"
        /// Deleting a customer gateway that a tunnel still uses. [INF] tunnels must name an existing
        /// gateway (reference §8 `InvalidCustomerGatewayInstanceId.NotFound`).
        case gatewayInUse = "gateway_in_use"
    }

    /// Which rule was broken.
    public var code: Code
    /// Where, with API field names: `connection_id`, `tunnel_options_specification[1].tunnel_bgp_config`, ...
    public var field: String
    /// The offending value as text.
    public var value: String
    /// A sentence for people naming the value and the rule.
    public var message: String
    /// For ``Code/invalidConfiguration``: every issue the validator reported (errors and warnings);
    /// empty otherwise.
    public var issues: [ValidationIssue]

    /// Creates an error.
    public init(code: Code, field: String, value: String, message: String, issues: [ValidationIssue] = []) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
        self.issues = issues
    }

    /// The `invalid_configuration` error for `issues`, or `nil` when none is an error: it carries
    /// the first error's field, value and message.
    static func invalidConfiguration(_ issues: [ValidationIssue]) -> LifecycleError? {
        guard let first = issues.first(where: \.isError) else { return nil }
        return LifecycleError(
            code: .invalidConfiguration, field: first.field, value: first.value,
            message: "\(first.code.rawValue): \(first.message)", issues: issues)
    }
}

extension LifecycleError: Hashable {
    /// Compares ``code`` only.
    public static func == (lhs: LifecycleError, rhs: LifecycleError) -> Bool { lhs.code == rhs.code }

    /// Hashes ``code`` only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension LifecycleError: CustomStringConvertible {
    /// `field: code: message`, e.g. `account_id: account_id_invalid: '12a' is not ...`.
    public var description: String {
        field.isEmpty ? "\(code.rawValue): \(message)" : "\(field): \(code.rawValue): \(message)"
    }
}
