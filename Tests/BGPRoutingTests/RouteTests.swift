import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

/// `Route.swift`: the route value and the Loc-RIB as routes.
struct RouteTests {
    @Test func locRIBRoutesCarryThePrefixAttributesAndOrigin() {
        var rib = RIB<IPv4Prefix>()
        let peer = PeerID(rawValue: 1)
        rib.setPeer(peer, .init(info: rtPeerInfo(1)))
        rib.announce(rtPrefix("10.0.0.0/8"), attributes: rtAttributes([65001]), from: peer)
        rib.announce(rtPrefix("192.0.2.0/24"), attributes: rtAttributes([]), from: .local)
        let routes = rib.locRIBRoutes
        #expect(routes.map(\.prefix) == [rtPrefix("10.0.0.0/8"), rtPrefix("192.0.2.0/24")])
        #expect(routes[0].origin == .bgp(peer))
        #expect(routes[0].peer == peer)
        #expect(routes[0].attributes.asPath == ASPath(sequence: [65001]))
        #expect(routes[1].origin == .static)
        #expect(routes[1].peer == nil)
    }
}
