// The inventory's lifecycle operations: every success path, every refusal with its code and field,
// and that a refused operation leaves the inventory unchanged.

import CloudRouting
import NetworkPrimitives
import Testing

@Suite("CloudInventory")
struct CloudInventoryTests {
    /// An inventory of account 1111 with cgw-1, cgw-2 (ASN 65001) and cgw-noasn, and the fixture
    /// connection vco-1 (BGP on), detached.
    static func inventory() throws -> CloudInventory {
        var inventory = CloudInventory(accountID: "1111")
        try inventory.createGateway(ConfigFixtures.gateway1)
        try inventory.createGateway(ConfigFixtures.gateway2)
        try inventory.createGateway(CustomerGateway(id: "cgw-noasn", ipAddress: ConfigFixtures.ip("192.0.2.1")))
        try inventory.createConnection(ConfigFixtures.connection())
        return inventory
    }

    /// Runs `body` on a copy of `base`; expects it to throw `code` at `field` and leave the copy equal to `base`.
    func expectFailure(
        _ base: CloudInventory, _ code: LifecycleError.Code, field: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (inout CloudInventory) throws -> Void
    ) {
        var copy = base
        do {
            try body(&copy)
            Issue.record("expected \(code.rawValue) at \(field), but the operation succeeded", sourceLocation: sourceLocation)
        } catch {
            guard let error = error as? LifecycleError else {
                Issue.record("expected a LifecycleError, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(copy == base, "a refused operation must change nothing", sourceLocation: sourceLocation)
    }

    // MARK: LifecycleError

    @Test func errorEqualityComparesCodeOnly() {
        let a = LifecycleError(code: .attached, field: "connection_id", value: "vco-1", message: "x")
        let b = LifecycleError(code: .attached, field: "other", value: "vco-2", message: "y")
        let c = LifecycleError(code: .notAttached, field: "connection_id", value: "vco-1", message: "x")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(a.description == "connection_id: attached: x")
    }

    @Test func codesAreStableSnakeCase() {
        let raw = LifecycleError.Code.allCases.map(\.rawValue)
        #expect(raw == [
            "invalid_configuration", "duplicate_id", "id_missing", "unknown_connection", "unknown_gateway",
            "unknown_tunnel", "tunnel_busy", "immutable_field", "bgp_config_missing", "customer_gateway_asn_missing",
            "account_id_invalid", "cen_id_missing", "duplicate_grant", "unknown_grant", "attached", "already_attached",
            "not_attached", "not_authorized", "gateway_in_use",
        ])
    }

    // MARK: Create

    @Test func createGatewayAndConnection() throws {
        let inventory = try Self.inventory()
        #expect(inventory.customerGateways.keys.sorted() == ["cgw-1", "cgw-2", "cgw-noasn"])
        #expect(inventory.connectionIDs == ["vco-1"])
        #expect(inventory.connection("vco-1") == ConfigFixtures.connection())
        #expect(inventory.attachment(of: "vco-1") == .detached)
        #expect(inventory.grants(of: "vco-1").isEmpty)
        #expect(inventory.attachment(of: "vco-9") == nil)
        #expect(inventory.connection("vco-9") == nil)
    }

    @Test func createGatewayRefusals() throws {
        let base = try Self.inventory()
        expectFailure(base, .invalidConfiguration, field: "ip_address") {
            try $0.createGateway(CustomerGateway(id: "cgw-9", ipAddress: ConfigFixtures.ip("127.0.0.1")))
        }
        expectFailure(base, .invalidConfiguration, field: "asn") {
            try $0.createGateway(CustomerGateway(id: "cgw-9", ipAddress: ConfigFixtures.ip("192.0.2.9"), asn: 45104))
        }
        expectFailure(base, .duplicateID, field: "id") {
            try $0.createGateway(CustomerGateway(id: "cgw-1", ipAddress: ConfigFixtures.ip("192.0.2.9")))
        }
    }

    @Test func createConnectionRefusals() throws {
        let base = try Self.inventory()
        expectFailure(base, .duplicateID, field: "id") { try $0.createConnection(ConfigFixtures.connection()) }

        var unknownGateway = ConfigFixtures.connection()
        unknownGateway.id = "vco-2"
        unknownGateway.tunnels[0].customerGatewayID = "cgw-missing"
        expectFailure(base, .invalidConfiguration, field: "tunnel_options_specification[0].customer_gateway_id") {
            try $0.createConnection(unknownGateway)
        }

        var badName = ConfigFixtures.connection()
        badName.id = "vco-2"
        badName.name = "https://x"
        var copy = base
        do throws(LifecycleError) {
            try copy.createConnection(badName)
            Issue.record("expected invalid_configuration")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.field == "name")
            #expect(error.value == "https://x")
            #expect(error.issues.map(\.code) == [.nameInvalid])
        }
        #expect(copy == base)
    }

    // MARK: Modify a tunnel

    @Test func modifyTunnelSucceeds() throws {
        var inventory = try Self.inventory()
        try inventory.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        try inventory.modifyTunnel(connection: "vco-1", index: 2) { $0.dpdTimeoutSeconds = 60 }
        #expect(inventory.connection("vco-1")?.tunnel(index: 2)?.dpdTimeoutSeconds == 60)
        #expect(inventory.connection("vco-1")?.tunnel(index: 1)?.dpdTimeoutSeconds == 30)
        #expect(inventory.attachment(of: "vco-1") == .attached(transitRouterID: "tr-1", attachmentID: "tr-attach-1"))
    }

    @Test func modifyTunnelRefusals() throws {
        let base = try Self.inventory()
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.modifyTunnel(connection: "vco-9", index: 1) { $0.dpdEnabled = false }
        }
        expectFailure(base, .unknownTunnel, field: "tunnel_index") {
            try $0.modifyTunnel(connection: "vco-1", index: 3) { $0.dpdEnabled = false }
        }
        expectFailure(base, .immutableField, field: "tunnel_options_specification[1].tunnel_index") {
            try $0.modifyTunnel(connection: "vco-1", index: 2) { $0.index = 1 }
        }
        expectFailure(base, .invalidConfiguration, field: "tunnel_options_specification[0].dpd_timeout") {
            try $0.modifyTunnel(connection: "vco-1", index: 1) { $0.dpdTimeoutSeconds = 0 }
        }
        // BGP is on, so removing a tunnel's BGP settings is refused by the re-validation.
        expectFailure(base, .invalidConfiguration, field: "tunnel_options_specification[1].tunnel_bgp_config") {
            try $0.modifyTunnel(connection: "vco-1", index: 2) { $0.bgp = nil }
        }
        expectFailure(base, .invalidConfiguration, field: "tunnel_options_specification[0].customer_gateway_id") {
            try $0.modifyTunnel(connection: "vco-1", index: 1) { $0.customerGatewayID = "cgw-missing" }
        }
    }

    @Test func modifyingADeletingTunnelIsRefused() throws {
        var base = try Self.inventory()
        var connection = ConfigFixtures.connection()
        connection.id = "vco-2"
        connection.tunnels[1].status = .deleting
        try base.createConnection(connection)
        expectFailure(base, .tunnelBusy, field: "tunnel_options_specification[1].state") {
            try $0.modifyTunnel(connection: "vco-2", index: 2) { $0.dpdEnabled = false }
        }
        // The other tunnel can still be edited.
        try base.modifyTunnel(connection: "vco-2", index: 1) { $0.dpdEnabled = false }
        #expect(base.connection("vco-2")?.tunnel(index: 1)?.dpdEnabled == false)
    }

    // MARK: Modify the connection

    @Test func modifyConnectionSucceedsAttachedOrNot() throws {
        var inventory = try Self.inventory()
        let flows = RoutingMode.protectedDataFlows(
            local: [ConfigFixtures.prefix("10.0.0.0/16")], remote: [ConfigFixtures.prefix("192.168.0.0/16")])
        try inventory.modifyConnection("vco-1", name: "renamed", routingMode: flows, effectImmediately: false)
        var connection = try #require(inventory.connection("vco-1"))
        #expect(connection.name == "renamed")
        #expect(connection.routingMode == flows)
        #expect(!connection.effectImmediately)

        try inventory.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        try inventory.modifyConnection("vco-1", routingMode: .destinationRouting)
        connection = try #require(inventory.connection("vco-1"))
        #expect(connection.name == "renamed")  // nil keeps the value
        #expect(connection.routingMode == .destinationRouting)
        #expect(!connection.effectImmediately)
    }

    @Test func modifyConnectionRefusals() throws {
        let base = try Self.inventory()
        expectFailure(base, .unknownConnection, field: "connection_id") { try $0.modifyConnection("vco-9", name: "x") }
        expectFailure(base, .invalidConfiguration, field: "name") { try $0.modifyConnection("vco-1", name: "http://x") }
        expectFailure(base, .invalidConfiguration, field: "local_subnet") {
            try $0.modifyConnection("vco-1", routingMode: .protectedDataFlows(local: [], remote: [ConfigFixtures.prefix("10.0.0.0/8")]))
        }
    }

    @Test func gatewayTypeAndTransitRouterAreImmutable() throws {
        var base = try Self.inventory()
        expectFailure(base, .immutableField, field: "network_type") {
            try $0.changeGatewayType(connection: "vco-1", to: .private)
        }
        expectFailure(base, .immutableField, field: "network_type") {
            try $0.changeGatewayType(connection: "vco-1", to: .public)
        }
        expectFailure(base, .immutableField, field: "transit_router_id") {
            try $0.changeTransitRouter(connection: "vco-1", to: "tr-2")
        }
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.changeGatewayType(connection: "vco-9", to: .private)
        }
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.changeTransitRouter(connection: "vco-9", to: "tr-2")
        }
        try base.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        expectFailure(base, .immutableField, field: "transit_router_id") {
            try $0.changeTransitRouter(connection: "vco-1", to: "tr-2")
        }
    }

    @Test func movingToAnotherTransitRouterIsDetachThenAttach() throws {
        var inventory = try Self.inventory()
        try inventory.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        try inventory.detach(connection: "vco-1")
        try inventory.attach(connection: "vco-1", transitRouterID: "tr-2", attachmentID: "tr-attach-2", cenID: "cen-abc")
        #expect(inventory.attachment(of: "vco-1") == .attached(transitRouterID: "tr-2", attachmentID: "tr-attach-2"))
    }

    // MARK: BGP

    @Test func disableAndEnableBGP() throws {
        var inventory = try Self.inventory()
        try inventory.setBGP(false, connection: "vco-1")
        #expect(inventory.connection("vco-1")?.enableTunnelsBGP == false)
        try inventory.setBGP(false, connection: "vco-1")  // idempotent
        try inventory.setBGP(true, connection: "vco-1")
        #expect(inventory.connection("vco-1")?.enableTunnelsBGP == true)
        try inventory.setBGP(true, connection: "vco-1")
        #expect(inventory.connection("vco-1")?.enableTunnelsBGP == true)
    }

    @Test func enablingBGPNeedsBothTunnelConfigs() throws {
        var base = try Self.inventory()
        var connection = ConfigFixtures.connection()
        connection.id = "vco-2"
        connection.enableTunnelsBGP = false
        connection.tunnels[1].bgp = nil
        try base.createConnection(connection)
        expectFailure(base, .bgpConfigMissing, field: "tunnel_options_specification[1].tunnel_bgp_config") {
            try $0.setBGP(true, connection: "vco-2")
        }
        expectFailure(base, .unknownConnection, field: "connection_id") { try $0.setBGP(true, connection: "vco-9") }
    }

    @Test func enablingBGPNeedsGatewayASNsThenSeedWorkaround() throws {
        var base = try Self.inventory()
        var connection = ConfigFixtures.connection()
        connection.id = "vco-2"
        connection.enableTunnelsBGP = false
        connection.tunnels[0].customerGatewayID = "cgw-noasn"
        try base.createConnection(connection)
        expectFailure(base, .customerGatewayASNMissing, field: "tunnel_options_specification[0].customer_gateway_id") {
            try $0.setBGP(true, connection: "vco-2")
        }
        // Seed: create a gateway with an ASN, point the tunnel at it, then enable BGP.
        try base.createGateway(CustomerGateway(id: "cgw-3", ipAddress: ConfigFixtures.ip("192.0.2.3"), asn: 65001))
        try base.modifyTunnel(connection: "vco-2", index: 1) { $0.customerGatewayID = "cgw-3" }
        try base.setBGP(true, connection: "vco-2")
        #expect(base.connection("vco-2")?.enableTunnelsBGP == true)
    }

    @Test func enablingBGPReportsOtherBGPErrorsAsInvalidConfiguration() throws {
        var base = try Self.inventory()
        var connection = ConfigFixtures.connection()
        connection.id = "vco-2"
        connection.enableTunnelsBGP = false
        connection.tunnels[1].bgp?.localASN = ASNumber(rawValue: 65010)
        try base.createConnection(connection)
        expectFailure(base, .invalidConfiguration, field: "tunnel_options_specification[1].tunnel_bgp_config.local_asn") {
            try $0.setBGP(true, connection: "vco-2")
        }
    }

    // MARK: Cross-account authorization

    @Test func grantAndRevoke() throws {
        var inventory = try Self.inventory()
        try inventory.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        try inventory.grantCrossAccount(
            connection: "vco-1", grant: CrossAccountGrant(accountID: "3333", cenID: "cen-x", payer: .vpnOwner))
        #expect(inventory.grants(of: "vco-1") == [
            CrossAccountGrant(accountID: "2222", cenID: "cen-peer", payer: .cenOwner),
            CrossAccountGrant(accountID: "3333", cenID: "cen-x", payer: .vpnOwner),
        ])
        #expect(CrossAccountGrant.Payer.default == .cenOwner)
        try inventory.revokeCrossAccount(connection: "vco-1", accountID: "2222")
        #expect(inventory.grants(of: "vco-1").map(\.accountID) == ["3333"])
    }

    @Test func grantRefusals() throws {
        var base = try Self.inventory()
        try base.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.grantCrossAccount(connection: "vco-9", grant: CrossAccountGrant(accountID: "3333", cenID: "cen-x"))
        }
        expectFailure(base, .accountIDInvalid, field: "account_id") {
            try $0.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "33a3", cenID: "cen-x"))
        }
        expectFailure(base, .accountIDInvalid, field: "account_id") {
            try $0.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "", cenID: "cen-x"))
        }
        expectFailure(base, .cenIDMissing, field: "cen_id") {
            try $0.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "3333", cenID: " "))
        }
        expectFailure(base, .duplicateGrant, field: "account_id") {
            try $0.grantCrossAccount(
                connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-other", payer: .vpnOwner))
        }
        try base.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        expectFailure(base, .attached, field: "connection_id") {
            try $0.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "3333", cenID: "cen-x"))
        }
    }

    @Test func revokeRefusals() throws {
        var base = try Self.inventory()
        try base.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.revokeCrossAccount(connection: "vco-9", accountID: "2222")
        }
        expectFailure(base, .unknownGrant, field: "account_id") {
            try $0.revokeCrossAccount(connection: "vco-1", accountID: "3333")
        }
        expectFailure(base, .accountIDInvalid, field: "account_id") {
            try $0.revokeCrossAccount(connection: "vco-1", accountID: "22-22")
        }
        try base.attach(
            connection: "vco-1", transitRouterID: "tr-p", attachmentID: "tr-attach-p", cenID: "cen-peer",
            ownerAccountID: "2222")
        expectFailure(base, .attached, field: "connection_id") {
            try $0.revokeCrossAccount(connection: "vco-1", accountID: "2222")
        }
    }

    // MARK: Attach and detach

    @Test func attachInOwnAccount() throws {
        var inventory = try Self.inventory()
        try inventory.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc")
        #expect(inventory.attachment(of: "vco-1") == .attached(transitRouterID: "tr-1", attachmentID: "tr-attach-1"))
        #expect(inventory.attachment(of: "vco-1")?.isAttached == true)
        try inventory.detach(connection: "vco-1")
        #expect(inventory.attachment(of: "vco-1") == .detached)
        // The inventory's own account ID is not cross-account: no grant needed.
        try inventory.attach(
            connection: "vco-1", transitRouterID: "tr-1", attachmentID: "tr-attach-1", cenID: "cen-abc",
            ownerAccountID: "1111")
        #expect(inventory.attachment(of: "vco-1")?.isAttached == true)
    }

    @Test func attachCrossAccountWithGrant() throws {
        var inventory = try Self.inventory()
        try inventory.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        try inventory.attach(
            connection: "vco-1", transitRouterID: "tr-p", attachmentID: "tr-attach-p", cenID: "cen-peer",
            ownerAccountID: "2222")
        #expect(inventory.attachment(of: "vco-1") == .attached(transitRouterID: "tr-p", attachmentID: "tr-attach-p"))
    }

    @Test func attachRefusals() throws {
        var base = try Self.inventory()
        try base.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        expectFailure(base, .unknownConnection, field: "connection_id") {
            try $0.attach(connection: "vco-9", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-abc")
        }
        expectFailure(base, .idMissing, field: "transit_router_id") {
            try $0.attach(connection: "vco-1", transitRouterID: "", attachmentID: "a-1", cenID: "cen-abc")
        }
        expectFailure(base, .idMissing, field: "attachment_id") {
            try $0.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: " ", cenID: "cen-abc")
        }
        expectFailure(base, .cenIDMissing, field: "cen_id") {
            try $0.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "")
        }
        expectFailure(base, .accountIDInvalid, field: "account_id") {
            try $0.attach(
                connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-peer", ownerAccountID: "x")
        }
        expectFailure(base, .notAuthorized, field: "account_id") {
            try $0.attach(
                connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-peer", ownerAccountID: "3333")
        }
        expectFailure(base, .notAuthorized, field: "account_id") {  // granted, but for another CEN instance
            try $0.attach(
                connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-other", ownerAccountID: "2222")
        }

        try base.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-abc")
        expectFailure(base, .alreadyAttached, field: "connection_id") {
            try $0.attach(connection: "vco-1", transitRouterID: "tr-2", attachmentID: "a-2", cenID: "cen-abc")
        }
        var second = ConfigFixtures.connection()
        second.id = "vco-2"
        try base.createConnection(second)
        expectFailure(base, .duplicateID, field: "attachment_id") {
            try $0.attach(connection: "vco-2", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-abc")
        }
    }

    @Test func detachRefusals() throws {
        let base = try Self.inventory()
        expectFailure(base, .notAttached, field: "connection_id") { try $0.detach(connection: "vco-1") }
        expectFailure(base, .unknownConnection, field: "connection_id") { try $0.detach(connection: "vco-9") }
    }

    // MARK: Delete

    @Test func deleteConnectionAndGateway() throws {
        var inventory = try Self.inventory()
        try inventory.grantCrossAccount(connection: "vco-1", grant: CrossAccountGrant(accountID: "2222", cenID: "cen-peer"))
        try inventory.deleteConnection("vco-1")
        #expect(inventory.connectionIDs.isEmpty)
        #expect(inventory.grants(of: "vco-1").isEmpty)
        #expect(inventory.attachment(of: "vco-1") == nil)
        try inventory.deleteGateway("cgw-1")
        #expect(inventory.customerGateways.keys.sorted() == ["cgw-2", "cgw-noasn"])
        // A new connection may reuse the deleted ID.
        var again = ConfigFixtures.connection()
        again.tunnels[0].customerGatewayID = "cgw-2"
        try inventory.createConnection(again)
        #expect(inventory.connectionIDs == ["vco-1"])
    }

    @Test func deleteRefusals() throws {
        var base = try Self.inventory()
        expectFailure(base, .unknownConnection, field: "connection_id") { try $0.deleteConnection("vco-9") }
        expectFailure(base, .unknownGateway, field: "customer_gateway_id") { try $0.deleteGateway("cgw-9") }
        expectFailure(base, .gatewayInUse, field: "customer_gateway_id") { try $0.deleteGateway("cgw-2") }
        try base.attach(connection: "vco-1", transitRouterID: "tr-1", attachmentID: "a-1", cenID: "cen-abc")
        expectFailure(base, .attached, field: "connection_id") { try $0.deleteConnection("vco-1") }
        try base.detach(connection: "vco-1")
        try base.deleteConnection("vco-1")
        try base.deleteGateway("cgw-2")
        #expect(base.customerGateways["cgw-2"] == nil)
    }
}
