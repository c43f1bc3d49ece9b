// The account's VPN objects and their lifecycle: customer gateways, IPsec connections, each
// connection's transit-router attachment and cross-account grants (seed "Kelola koneksi IPsec-VPN":
// modify, enable/disable BGP, cross-account authorization, attach/detach, delete).

/// Whether a connection is attached to a transit router (reference §0: `CreateTransitRouterVpnAttachment`;
/// API `AttachType` `CEN` versus `NO_ASSOCIATED`).
public enum AttachmentState: Sendable, Hashable {
    /// Not attached to any transit router.
    case detached
    /// Attached to `transitRouterID` through the attachment `attachmentID` (`tr-attach-…`).
    case attached(transitRouterID: String, attachmentID: String)

    /// Whether the state is ``attached(transitRouterID:attachmentID:)``.
    public var isAttached: Bool {
        if case .attached = self { return true }
        return false
    }
}

/// A cross-account authorization: the transit router of CEN instance ``cenID`` in account
/// ``accountID`` may attach the connection (seed "Berikan izin koneksi IPsec-VPN ke instans router
/// transit di akun lain": Account ID, Peer CEN Instance ID, Payer).
public struct CrossAccountGrant: Sendable, Hashable {
    /// Who pays the connection fee and the transit router's traffic processing fee once attached
    /// (seed "Payer"). The VPN owner always pays the connection's instance and traffic fees.
    public enum Payer: String, Sendable, Hashable, CaseIterable {
        /// "VPN Account": the account that owns the IPsec connection.
        case vpnOwner = "vpn_owner"
        /// "CEN Account", the default: the account that owns the transit router.
        case cenOwner = "cen_owner"

        /// ``cenOwner`` (seed: "CEN Account (default)").
        public static let `default`: Payer = .cenOwner
    }

    /// The Alibaba Cloud account ID (digits) that owns the transit router.
    public var accountID: String
    /// The CEN instance (`cen-…`) the transit router belongs to.
    public var cenID: String
    /// Who pays; ``Payer/cenOwner`` by default.
    public var payer: Payer

    /// Creates a grant; the payer defaults to the CEN owner (seed).
    public init(accountID: String, cenID: String, payer: Payer = .default) {
        self.accountID = accountID
        self.cenID = cenID
        self.payer = payer
    }
}

/// The customer gateways and IPsec connections of one (VPN-owner) account, with each connection's
/// attachment state and cross-account grants.
///
/// A value type: every lifecycle operation is a `mutating` method that checks all of its rules
/// first and changes nothing when it throws a ``LifecycleError``. Connections start
/// ``AttachmentState/detached``: the console's "Attach To Current Account" (seed "Attach CEN") is
/// modelled as ``createConnection(_:)`` followed by ``attach(connection:transitRouterID:attachmentID:cenID:ownerAccountID:)``.
public struct CloudInventory: Sendable, Hashable {
    /// One connection with its lifecycle state.
    public struct Entry: Sendable, Hashable {
        /// The connection's configuration.
        public internal(set) var connection: IPsecConnection
        /// Whether (and where) it is attached.
        public internal(set) var attachment: AttachmentState
        /// The cross-account grants, in the order they were given.
        public internal(set) var grants: [CrossAccountGrant]
    }

    /// The account that owns the VPN objects (digits), if known: an attach whose owner is this
    /// account is not cross-account.
    public var accountID: String?
    /// The customer gateways by ID.
    public private(set) var customerGateways: [String: CustomerGateway] = [:]
    /// The connections by ID.
    public private(set) var entries: [String: Entry] = [:]

    /// An empty inventory for the VPN-owner account `accountID`.
    public init(accountID: String? = nil) {
        self.accountID = accountID
    }

    /// The connection `id`, if any.
    public func connection(_ id: String) -> IPsecConnection? { entries[id]?.connection }
    /// The attachment state of connection `id`, if it exists.
    public func attachment(of id: String) -> AttachmentState? { entries[id]?.attachment }
    /// The cross-account grants of connection `id` (empty for an unknown connection).
    public func grants(of id: String) -> [CrossAccountGrant] { entries[id]?.grants ?? [] }
    /// The connection IDs, sorted.
    public var connectionIDs: [String] { entries.keys.sorted() }

    // MARK: Create

    /// Adds a customer gateway.
    ///
    /// Throws `invalid_configuration` when ``CustomerGateway/validate(at:)`` reports an error (the
    /// first error's field: `id`, `ip_address`, `asn`, `auth_key`; reference §3), and `duplicate_id`
    /// (`id`) when the ID is taken.
    public mutating func createGateway(_ gateway: CustomerGateway) throws(LifecycleError) {
        if let error = LifecycleError.invalidConfiguration(gateway.validate(at: "")) { throw error }
        guard customerGateways[gateway.id] == nil else {
            throw LifecycleError(
                code: .duplicateID, field: "id", value: gateway.id,
                message: "a customer gateway '\(gateway.id)' already exists")
        }
        customerGateways[gateway.id] = gateway
    }

    /// Adds a connection, detached and with no grants.
    ///
    /// Throws `invalid_configuration` when ``IPsecConnection/validate(at:gateways:)`` against this
    /// inventory's gateways reports an error (seed "Buat koneksi IPsec-VPN"; reference §6, §7),
    /// and `duplicate_id` (`id`) when the ID is taken.
    public mutating func createConnection(_ connection: IPsecConnection) throws(LifecycleError) {
        if let error = LifecycleError.invalidConfiguration(connection.validate(at: "", gateways: customerGateways)) {
            throw error
        }
        guard entries[connection.id] == nil else {
            throw LifecycleError(
                code: .duplicateID, field: "id", value: connection.id,
                message: "a connection '\(connection.id)' already exists")
        }
        entries[connection.id] = Entry(connection: connection, attachment: .detached, grants: [])
    }

    // MARK: Modify

    /// Edits tunnel `index` (its `tunnel_index`, 1 or 2) of connection `id` with `change`, then
    /// re-validates the whole connection (seed "Ubah konfigurasi terowongan": any tunnel
    /// configuration item may change; reference §7).
    ///
    /// Throws `unknown_connection` (`connection_id`), `unknown_tunnel` (`tunnel_index`), `tunnel_busy`
    /// (`tunnel_options_specification[i].state`) when the tunnel's status is `deleting` (seed
    /// "Status"; reference §6 read-back `State`), `immutable_field`
    /// (`tunnel_options_specification[i].tunnel_index`) when `change` alters the index, and
    /// `invalid_configuration` when the result does not validate.
    public mutating func modifyTunnel(
        connection id: String, index: Int, _ change: (inout TunnelOptions) -> Void
    ) throws(LifecycleError) {
        var entry = try existingEntry(id)
        guard let position = entry.connection.tunnels.firstIndex(where: { $0.index == index }) else {
            throw LifecycleError(
                code: .unknownTunnel, field: "tunnel_index", value: String(index),
                message: "connection '\(id)' has no tunnel with index \(index)")
        }
        let tunnelField = "tunnel_options_specification[\(position)]"
        guard entry.connection.tunnels[position].status != .deleting else {
            throw LifecycleError(
                code: .tunnelBusy, field: tunnelField + ".state", value: TunnelStatus.deleting.rawValue,
                message: "tunnel \(index) of connection '\(id)' is being deleted and cannot be modified")
        }
        change(&entry.connection.tunnels[position])
        let newIndex = entry.connection.tunnels[position].index
        guard newIndex == index else {
            throw LifecycleError(
                code: .immutableField, field: tunnelField + ".tunnel_index", value: String(newIndex),
                message: "the tunnel index \(index) cannot be changed to \(newIndex)")
        }
        try commit(entry)
    }

    /// Changes the connection's name, routing mode and/or "Immediately Effective" (`nil` keeps the
    /// current value), then re-validates it.
    ///
    /// Seed "Ubah koneksi IPsec-VPN": attached or not, only the name, Routing Mode and Immediately
    /// Effective can change; the transit router and the gateway type never can (see
    /// ``changeGatewayType(connection:to:)`` and ``changeTransitRouter(connection:to:)``).
    /// Throws `unknown_connection` (`connection_id`) and `invalid_configuration` (e.g. `name`,
    /// `local_subnet`, or an IKEv1 tunnel's `ike_version` for several protected CIDRs, reference §5).
    public mutating func modifyConnection(
        _ id: String, name: String? = nil, routingMode: RoutingMode? = nil, effectImmediately: Bool? = nil
    ) throws(LifecycleError) {
        var entry = try existingEntry(id)
        if let name { entry.connection.name = name }
        if let routingMode { entry.connection.routingMode = routingMode }
        if let effectImmediately { entry.connection.effectImmediately = effectImmediately }
        try commit(entry)
    }

    /// Always refused: the gateway type (`network_type`) cannot be changed after creation, attached
    /// or not (seed "Ubah koneksi IPsec-VPN"). Create a new connection instead.
    ///
    /// Throws `unknown_connection` (`connection_id`) for an unknown connection, else
    /// `immutable_field` (`network_type`).
    public func changeGatewayType(connection id: String, to gatewayType: GatewayType) throws(LifecycleError) {
        let entry = try existingEntry(id)
        throw LifecycleError(
            code: .immutableField, field: "network_type", value: gatewayType.rawValue,
            message: "the gateway type of connection '\(id)' (\(entry.connection.gatewayType.rawValue)) cannot be"
                + " changed after creation; create a new connection instead")
    }

    /// Always refused: the transit router of a connection cannot be changed (seed "Ubah koneksi
    /// IPsec-VPN"). To move the connection, ``detach(connection:)`` it and
    /// ``attach(connection:transitRouterID:attachmentID:cenID:ownerAccountID:)`` it to the other one.
    ///
    /// Throws `unknown_connection` (`connection_id`) for an unknown connection, else
    /// `immutable_field` (`transit_router_id`).
    public func changeTransitRouter(connection id: String, to transitRouterID: String) throws(LifecycleError) {
        _ = try existingEntry(id)
        throw LifecycleError(
            code: .immutableField, field: "transit_router_id", value: transitRouterID,
            message: "the transit router of connection '\(id)' cannot be changed; detach the connection,"
                + " then attach it to '\(transitRouterID)'")
    }

    // MARK: BGP

    /// Turns `enable_tunnels_bgp` on or off (seed "Aktifkan fitur BGP untuk terowongan secara
    /// terpisah"). Turning it off always succeeds; so does setting the current value.
    ///
    /// Enabling re-validates the connection with BGP on: `bgp_config_missing`
    /// (`tunnel_options_specification[i].tunnel_bgp_config`; seed: configure BGP for both tunnels;
    /// reference §7), `customer_gateway_asn_missing` (`tunnel_options_specification[i].customer_gateway_id`;
    /// seed: the customer gateway must have a BGP ASN; point the tunnel at a new gateway with an
    /// ASN first), and `invalid_configuration` for any other BGP error (e.g. `local_asn_differs`).
    /// The first error in tunnel order wins. Throws `unknown_connection` (`connection_id`).
    public mutating func setBGP(_ enabled: Bool, connection id: String) throws(LifecycleError) {
        var entry = try existingEntry(id)
        entry.connection.enableTunnelsBGP = enabled
        let issues = entry.connection.validate(at: "", gateways: customerGateways)
        if let first = issues.first(where: \.isError) {
            switch first.code {
            case .bgpConfigMissing:
                throw LifecycleError(code: .bgpConfigMissing, field: first.field, value: first.value, message: first.message)
            case .customerGatewayASNMissing:
                throw LifecycleError(
                    code: .customerGatewayASNMissing, field: first.field, value: first.value, message: first.message)
            default:
                if let error = LifecycleError.invalidConfiguration(issues) { throw error }
            }
        }
        entries[id] = entry
    }

    // MARK: Cross-account authorization

    /// Authorizes the transit router of `grant.cenID` in account `grant.accountID` to attach the
    /// connection (seed "Berikan izin koneksi IPsec-VPN ke instans router transit di akun lain").
    ///
    /// Throws `unknown_connection` (`connection_id`); `attached` (`connection_id`) unless detached
    /// (seed note: detach before granting); `account_id_invalid` (`account_id`, digits only);
    /// `cen_id_missing` (`cen_id`); `duplicate_grant` (`account_id`) when the account already has a
    /// grant (revoke it first: the seed warns that changing the payer can disrupt service).
    public mutating func grantCrossAccount(connection id: String, grant: CrossAccountGrant) throws(LifecycleError) {
        var entry = try existingEntry(id)
        try requireDetached(entry, doing: "granting cross-account authorization")
        try Self.checkAccountID(grant.accountID)
        try Self.checkCENID(grant.cenID)
        guard !entry.grants.contains(where: { $0.accountID == grant.accountID }) else {
            throw LifecycleError(
                code: .duplicateGrant, field: "account_id", value: grant.accountID,
                message: "connection '\(id)' already grants account \(grant.accountID); revoke that grant first")
        }
        entry.grants.append(grant)
        entries[id] = entry
    }

    /// Withdraws the grant of account `accountID` (seed "Mencabut otorisasi koneksi IPsec-VPN":
    /// detach the connection first).
    ///
    /// Throws `unknown_connection` (`connection_id`), `attached` (`connection_id`),
    /// `account_id_invalid` (`account_id`) and `unknown_grant` (`account_id`).
    public mutating func revokeCrossAccount(connection id: String, accountID: String) throws(LifecycleError) {
        var entry = try existingEntry(id)
        try requireDetached(entry, doing: "revoking cross-account authorization")
        try Self.checkAccountID(accountID)
        guard let position = entry.grants.firstIndex(where: { $0.accountID == accountID }) else {
            throw LifecycleError(
                code: .unknownGrant, field: "account_id", value: accountID,
                message: "connection '\(id)' has no grant for account \(accountID)")
        }
        entry.grants.remove(at: position)
        entries[id] = entry
    }

    // MARK: Attach and detach

    /// Attaches the connection to a transit router (reference §0, §6 `CreateTransitRouterVpnAttachment`:
    /// `TransitRouterId`, `CenId`, `VpnOwnerId`).
    ///
    /// `ownerAccountID` is the account that owns the transit router: `nil` or ``accountID`` means
    /// the VPN owner's own account; any other account needs a grant for it and `cenID` (seed
    /// "Attach To Another Account": authorize, then the other account attaches).
    ///
    /// Throws, in this order: `unknown_connection` (`connection_id`); `already_attached`
    /// (`connection_id`): one transit router per connection (seed "Ubah koneksi IPsec-VPN"; reference
    /// §4, API S22), detach first; `id_missing` (`transit_router_id`, `attachment_id`);
    /// `duplicate_id` (`attachment_id`) when another connection uses the attachment ID; `cen_id_missing`
    /// (`cen_id`; seed "CEN Instance ID"); `account_id_invalid` (`account_id`); `not_authorized`
    /// (`account_id`) for a cross-account attach without a matching grant.
    public mutating func attach(
        connection id: String, transitRouterID: String, attachmentID: String, cenID: String,
        ownerAccountID: String? = nil
    ) throws(LifecycleError) {
        var entry = try existingEntry(id)
        if case .attached(let current, _) = entry.attachment {
            throw LifecycleError(
                code: .alreadyAttached, field: "connection_id", value: id,
                message: "connection '\(id)' is already attached to '\(current)'; a connection attaches to one"
                    + " transit router: detach it first")
        }
        for (field, value) in [("transit_router_id", transitRouterID), ("attachment_id", attachmentID)]
        where TextRules.isBlank(value) {
            throw LifecycleError(code: .idMissing, field: field, value: value, message: "attaching needs a \(field)")
        }
        let clash = entries.first { other in
            if case .attached(_, let used) = other.value.attachment { return used == attachmentID }
            return false
        }
        if let clash {
            throw LifecycleError(
                code: .duplicateID, field: "attachment_id", value: attachmentID,
                message: "attachment '\(attachmentID)' already belongs to connection '\(clash.key)'")
        }
        try Self.checkCENID(cenID)
        if let owner = ownerAccountID, owner != accountID {
            try Self.checkAccountID(owner)
            guard entry.grants.contains(where: { $0.accountID == owner && $0.cenID == cenID }) else {
                throw LifecycleError(
                    code: .notAuthorized, field: "account_id", value: owner,
                    message: "connection '\(id)' has not authorized CEN instance '\(cenID)' of account \(owner);"
                        + " grant cross-account authorization first")
            }
        }
        entry.attachment = .attached(transitRouterID: transitRouterID, attachmentID: attachmentID)
        entries[id] = entry
    }

    /// Detaches the connection from its transit router (seed: "Hapus koneksi instans jaringan",
    /// required before granting, revoking or deleting).
    ///
    /// Throws `unknown_connection` (`connection_id`) and `not_attached` (`connection_id`).
    public mutating func detach(connection id: String) throws(LifecycleError) {
        var entry = try existingEntry(id)
        guard entry.attachment.isAttached else {
            throw LifecycleError(
                code: .notAttached, field: "connection_id", value: id,
                message: "connection '\(id)' is not attached to a transit router")
        }
        entry.attachment = .detached
        entries[id] = entry
    }

    // MARK: Delete

    /// Deletes the connection and its grants (seed "Hapus koneksi IPsec-VPN": detach it from the
    /// transit router first).
    ///
    /// Throws `unknown_connection` (`connection_id`) and `attached` (`connection_id`).
    public mutating func deleteConnection(_ id: String) throws(LifecycleError) {
        let entry = try existingEntry(id)
        try requireDetached(entry, doing: "deleting it")
        entries[id] = nil
    }

    /// Deletes a customer gateway that no tunnel uses.
    ///
    /// Throws `unknown_gateway` (`customer_gateway_id`) and `gateway_in_use` (`customer_gateway_id`;
    /// the message lists the connections). [INF] every tunnel must name an existing gateway
    /// (reference §8 `InvalidCustomerGatewayInstanceId.NotFound`).
    public mutating func deleteGateway(_ id: String) throws(LifecycleError) {
        guard customerGateways[id] != nil else {
            throw LifecycleError(
                code: .unknownGateway, field: "customer_gateway_id", value: id,
                message: "there is no customer gateway '\(id)'")
        }
        let users = entries.values
            .filter { $0.connection.tunnels.contains { $0.customerGatewayID == id } }
            .map(\.connection.id)
            .sorted()
        guard users.isEmpty else {
            throw LifecycleError(
                code: .gatewayInUse, field: "customer_gateway_id", value: id,
                message: "customer gateway '\(id)' is used by \(users.joined(separator: ", "))")
        }
        customerGateways[id] = nil
    }

    // MARK: Helpers

    private func existingEntry(_ id: String) throws(LifecycleError) -> Entry {
        guard let entry = entries[id] else {
            throw LifecycleError(
                code: .unknownConnection, field: "connection_id", value: id,
                message: "there is no connection '\(id)'")
        }
        return entry
    }

    private func requireDetached(_ entry: Entry, doing action: String) throws(LifecycleError) {
        guard case .attached(let transitRouterID, _) = entry.attachment else { return }
        throw LifecycleError(
            code: .attached, field: "connection_id", value: entry.connection.id,
            message: "connection '\(entry.connection.id)' is attached to '\(transitRouterID)'; detach it before \(action)")
    }

    /// Validates `entry`'s connection against the gateways and stores it.
    private mutating func commit(_ entry: Entry) throws(LifecycleError) {
        if let error = LifecycleError.invalidConfiguration(entry.connection.validate(at: "", gateways: customerGateways)) {
            throw error
        }
        entries[entry.connection.id] = entry
    }

    private static func checkAccountID(_ accountID: String) throws(LifecycleError) {
        guard accountID.isEmpty || !accountID.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return }
        throw LifecycleError(
            code: .accountIDInvalid, field: "account_id", value: accountID,
            message: "'\(accountID)' is not an Alibaba Cloud account ID (digits only)")
    }

    private static func checkCENID(_ cenID: String) throws(LifecycleError) {
        guard TextRules.isBlank(cenID) else { return }
        throw LifecycleError(
            code: .cenIDMissing, field: "cen_id", value: cenID, message: "a CEN instance ID is required")
    }
}
