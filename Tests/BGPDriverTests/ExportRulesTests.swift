// The RFC rules of export on the live speaker path (issue 13): a real cloud model behind the
// CloudModelAdapter, one session driver per data center over scripted transports. Routes arrive as
// UPDATE bytes on vco-dc1 tunnel 1, the model carries them through the TR, and the UPDATEs the
// driver of vco-dc2 tunnel 1 writes are decoded and checked rule by rule.

import Testing
import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Two data centers behind two dual-tunnel connections on one TR default table, with the user egress
/// route map that lets routes learned from one VPN attachment reach the other (reference §1b: the
/// system Reject 5000 withholds them otherwise).
private struct ExportPath {
    static let cloudASN: ASNumber = 45104
    static let dc1ASN: ASNumber = 65001
    static let dc2ASN: ASNumber = 65002
    static let dc1 = RouteSessionKey(connectionID: "vco-dc1", tunnel: 1)
    static let dc2 = RouteSessionKey(connectionID: "vco-dc2", tunnel: 1)
    /// Our tunnel addresses (the cloud side) and the data centers' (the peers).
    static let dc1Cloud = IPv4Address(169, 254, 10, 2)
    static let dc1Peer = IPv4Address(169, 254, 10, 1)
    static let dc2Cloud = IPv4Address(169, 254, 20, 2)
    static let dc2Peer = IPv4Address(169, 254, 20, 1)

    var routes: CloudModelAdapter
    var dc1Driver: SessionDriver
    var dc2Driver: SessionDriver
    var dc1Transport = ScriptedTransport()
    var dc2Transport = ScriptedTransport()
    var dc1Connection = ConnectionID(rawValue: 0)
    var dc2Connection = ConnectionID(rawValue: 0)

    static func model(permitVPNToDC2: Bool = true) -> CloudModel {
        var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
        let table = model.defaultTableID
        for (n, asn) in [(1, dc1ASN), (2, dc2ASN)] {
            let id = "vco-dc\(n)"
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-\(id)", kind: .vpn, region: "cn-hangzhou", associatedTable: table,
                propagatesTo: [table], autoPublishRoutes: true, connectionID: id))
            let third = UInt8(n * 10)
            model.setConnection(VPNConnectionRouting(
                connectionID: id, attachmentID: "tr-attach-\(id)", localASN: cloudASN, bgpEnabled: true, customerASN: asn,
                tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, third, 1)),
                          TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, third + 1, 1))],
                learnedRouteQuota: nil))
        }
        if permitVPNToDC2 {
            model.setRouteMaps([CenRouteMap(priority: 100, direction: .egress, sourceKinds: [.vpn],
                                            destinationAttachments: ["tr-attach-vco-dc2"], permit: true)])
        }
        return model
    }

    static func driver(key: RouteSessionKey, cloud: IPv4Address, peerASN: ASNumber) -> SessionDriver {
        let config = SessionConfig(localASN: cloudASN, routerID: cloud, peerASN: peerASN, connectRetryTime: .seconds(5),
                                   passive: false, families: [.ipv4Unicast], extendedMessage: false)
        return SessionDriver(config: config, key: key, export: ExternalExport(localAS: cloudASN, nextHop: cloud),
                             ownAddresses: [cloud])
    }

    /// Both sessions in Established; what dc2 was sent so far is forgotten.
    init(permitVPNToDC2: Bool = true) {
        routes = CloudModelAdapter(model: ExportPath.model(permitVPNToDC2: permitVPNToDC2))
        dc1Driver = ExportPath.driver(key: ExportPath.dc1, cloud: ExportPath.dc1Cloud, peerASN: ExportPath.dc1ASN)
        dc2Driver = ExportPath.driver(key: ExportPath.dc2, cloud: ExportPath.dc2Cloud, peerASN: ExportPath.dc2ASN)
        dc1Connection = ExportPath.establish(&dc1Driver, &dc1Transport, &routes, asn: ExportPath.dc1ASN, identifier: ExportPath.dc1Peer)
        dc2Connection = ExportPath.establish(&dc2Driver, &dc2Transport, &routes, asn: ExportPath.dc2ASN, identifier: ExportPath.dc2Peer)
        _ = routes.takeChanges()
        dc2Transport.reset()
    }

    private static func establish(_ driver: inout SessionDriver, _ transport: inout ScriptedTransport,
                                  _ routes: inout CloudModelAdapter, asn: ASNumber, identifier: IPv4Address) -> ConnectionID {
        driver.handle(.manualStart, &transport, &routes)
        let attempt = transport.connects.last!
        driver.connected(attempt: attempt, as: attempt, &transport, &routes)
        let open = OpenMessage(autonomousSystem: asn, holdTime: 90, identifier: identifier,
                               capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh, .fourOctetAS(asn)])
        driver.received(DriverFixture.bytes(.open(open)) + DriverFixture.bytes(.keepalive), on: attempt, &transport, &routes)
        #expect(driver.session.state == .established)
        return attempt
    }

    /// The data center behind vco-dc1 sends `updates` in one read; the owner then re-synchronizes
    /// the vco-dc2 session with what changed, as the speaker does. Returns the UPDATEs sent to dc2.
    mutating func dc1Announces(_ updates: [UpdateMessage]) -> [UpdateMessage] {
        let bytes = updates.flatMap { DriverFixture.bytes(.update($0)) }
        dc1Driver.received(bytes, on: dc1Connection, &dc1Transport, &routes)
        #expect(dc1Driver.session.state == .established)
        let changes = routes.takeChanges()
        if let changed = changes[ExportPath.dc2.connectionID] {
            dc2Driver.synchronize(prefixes: changed, &dc2Transport, &routes)
        }
        return dc2Transport.sent(on: dc2Connection).updates
    }

    /// Routes learned on vco-dc1 tunnel 1 straight through the adapter, as the driver hands them
    /// over after decoding (`learn` then `flush`); dc2 is re-synchronized as in ``dc1Announces(_:)``.
    mutating func dc1Learns(_ prefix: IPv4Prefix, _ attributes: PathAttributes) -> [UpdateMessage] {
        routes.learn(announced: [prefix], attributes: attributes, withdrawn: [], from: ExportPath.dc1)
        let changes = routes.takeChanges()
        if let changed = changes[ExportPath.dc2.connectionID] {
            dc2Driver.synchronize(prefixes: changed, &dc2Transport, &routes)
        }
        return dc2Transport.sent(on: dc2Connection).updates
    }

    /// The attributes sent to dc2 for `prefix` (the last announcement of it).
    static func sent(_ prefix: IPv4Prefix, in updates: [UpdateMessage]) -> PathAttributes? {
        updates.last { $0.nlri.contains(prefix) }?.attributes
    }

    /// A route as the data center behind vco-dc1 sends it: its AS first, its address as next hop.
    static func fromDC1(origin: Origin = .igp, communities: [Community] = [], extended: [ExtendedCommunity] = [],
                        large: [LargeCommunity] = [], med: UInt32? = nil, localPreference: UInt32? = nil,
                        unrecognized: [RawAttribute] = []) -> PathAttributes {
        PathAttributes(origin: origin, asPath: ASPath(sequence: [dc1ASN, 64512]), nextHop: dc1Peer,
                       multiExitDiscriminator: med, localPreference: localPreference, communities: communities,
                       extendedCommunities: extended, largeCommunities: large, unrecognized: unrecognized)
    }
}

@Suite struct ExportRulesTests {
    private let p1 = IPv4Prefix("192.168.1.0/24")!
    private let p2 = IPv4Prefix("192.168.2.0/24")!
    private let p3 = IPv4Prefix("192.168.3.0/24")!
    private let p4 = IPv4Prefix("192.168.4.0/24")!

    /// The setup itself: without the user egress map the system Reject 5000 keeps dc1's routes from
    /// dc2 (reference §1b), with it they go out. Every rule below is checked on routes that do reach dc2.
    @Test func theUserEgressMapIsWhatLetsVPNRoutesReachTheOtherDataCenter() {
        var denied = ExportPath(permitVPNToDC2: false)
        #expect(denied.dc1Announces([UpdateMessage(attributes: ExportPath.fromDC1(), nlri: [p1])]).isEmpty)
        var permitted = ExportPath()
        let sent = permitted.dc1Announces([UpdateMessage(attributes: ExportPath.fromDC1(), nlri: [p1])])
        #expect(sent.flatMap(\.nlri) == [p1])
    }

    /// RFC 4271 §5 / §9: an unrecognized optional transitive attribute is passed on with the Partial
    /// bit (0x20) set, type and value unchanged; an unrecognized optional non-transitive one is dropped.
    @Test func unknownTransitiveAttributesPassWithPartialAndNonTransitiveOnesAreDropped() {
        var path = ExportPath()
        let transitive = RawAttribute(flags: [.optional, .transitive], type: 0xF1, value: [1, 2, 3, 4, 5])
        let nonTransitive = RawAttribute(flags: [.optional], type: 0xF2, value: [9, 8, 7])
        let updates = path.dc1Announces([UpdateMessage(attributes: ExportPath.fromDC1(unrecognized: [transitive, nonTransitive]), nlri: [p1])])
        let sent = ExportPath.sent(p1, in: updates)
        #expect(sent != nil)
        let passed = sent?.unrecognized ?? []
        #expect(passed.count == 1)
        #expect(passed.first?.type == 0xF1)
        #expect(passed.first?.value == [1, 2, 3, 4, 5])
        #expect(passed.first.map { $0.flags.rawValue & 0xE0 } == 0xE0, "optional, transitive and Partial")
        #expect(!passed.contains { $0.type == 0xF2 })
    }

    /// The same rule when the model holds the attributes as learned (not yet through our decoder,
    /// which already ignores non-transitive ones): the export drops the non-transitive attribute and
    /// the transitive one goes out with Partial set.
    @Test func theExportDropsANonTransitiveAttributeTheModelHolds() {
        var path = ExportPath()
        let transitive = RawAttribute(flags: [.optional, .transitive], type: 0xF1, value: [1, 2, 3])
        let nonTransitive = RawAttribute(flags: [.optional], type: 0xF2, value: [9, 8, 7])
        let updates = path.dc1Learns(p1, ExportPath.fromDC1(unrecognized: [nonTransitive, transitive]))
        let passed = ExportPath.sent(p1, in: updates)?.unrecognized
        #expect(passed?.map(\.type) == [0xF1])
        #expect(passed?.first.map { $0.flags.rawValue & 0xE0 } == 0xE0)
        #expect(passed?.first?.value == [1, 2, 3])
    }

    /// RFC 1997: NO_EXPORT and NO_ADVERTISE routes are not sent to the external peer at all; a plain
    /// route of the same read is.
    @Test func noExportAndNoAdvertiseRoutesAreNotSent() {
        var path = ExportPath()
        let updates = path.dc1Announces([
            UpdateMessage(attributes: ExportPath.fromDC1(communities: [.noExport]), nlri: [p1]),
            UpdateMessage(attributes: ExportPath.fromDC1(communities: [Community(65001, 7), .noAdvertise]), nlri: [p2]),
            UpdateMessage(attributes: ExportPath.fromDC1(communities: [.noExportSubconfed]), nlri: [p3]),
            UpdateMessage(attributes: ExportPath.fromDC1(communities: [Community(65001, 7)]), nlri: [p4]),
        ])
        #expect(updates.flatMap(\.nlri) == [p4])
        #expect(ExportPath.sent(p4, in: updates)?.communities == [Community(65001, 7)])
        // The model did carry them to dc2's CLOUD rows: it is the export that withholds them.
        #expect(path.routes.offered(p1, to: ExportPath.dc2)?.communities == [.noExport])
    }

    /// RFC 4271 §5.1.1: ORIGIN is kept as received (EGP, INCOMPLETE), not reset to IGP.
    @Test func originIsKeptAsReceived() {
        var path = ExportPath()
        let updates = path.dc1Announces([
            UpdateMessage(attributes: ExportPath.fromDC1(origin: .egp), nlri: [p1]),
            UpdateMessage(attributes: ExportPath.fromDC1(origin: .incomplete), nlri: [p2]),
            UpdateMessage(attributes: ExportPath.fromDC1(origin: .igp), nlri: [p3]),
        ])
        #expect(ExportPath.sent(p1, in: updates)?.origin == .egp)
        #expect(ExportPath.sent(p2, in: updates)?.origin == .incomplete)
        #expect(ExportPath.sent(p3, in: updates)?.origin == .igp)
    }

    /// RFC 8092 large communities and RFC 4360 extended communities are passed as they are.
    @Test func largeAndExtendedCommunitiesAreKept() {
        var path = ExportPath()
        let large = [LargeCommunity(65001, 1, 2), LargeCommunity(4_200_000_000, 3, 4)]
        let extended = [ExtendedCommunity(rawValue: 0x0002_FDE9_0000_0064), ExtendedCommunity(rawValue: 0x0003_0000_0000_0001)]
        let updates = path.dc1Announces([UpdateMessage(attributes: ExportPath.fromDC1(extended: extended, large: large), nlri: [p1])])
        let sent = ExportPath.sent(p1, in: updates)
        #expect(sent?.largeCommunities == large)
        #expect(sent?.extendedCommunities == extended)
    }

    /// RFC 4271 §5.1.2-§5.1.5: our AS is prepended, NEXT_HOP is our tunnel address, the received MED
    /// and LOCAL_PREF are not passed to the other AS.
    @Test func ourASIsPrependedNextHopIsOursAndMEDAndLocalPrefAreNotPassed() {
        var path = ExportPath()
        let updates = path.dc1Announces([UpdateMessage(attributes: ExportPath.fromDC1(med: 77, localPreference: 300), nlri: [p1])])
        let sent = ExportPath.sent(p1, in: updates)
        #expect(sent?.asPath == ASPath(sequence: [ExportPath.cloudASN, ExportPath.dc1ASN, 64512]))
        #expect(sent?.nextHop == ExportPath.dc2Cloud)
        #expect(sent != nil && sent?.multiExitDiscriminator == nil)
        #expect(sent != nil && sent?.localPreference == nil)
    }
}
