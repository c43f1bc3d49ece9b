import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Testing

/// The destination-based routes of one connection (reference §1a, §7, §10 item 12): each refusal has
/// its own code, names the field and the value, and says the rule.
struct DestinationRouteValidationTests {
    static let path = "ipsec_connections[0].destination_routes"

    @Test func duplicateWeight100DestinationRoutesAreRefused() {
        let issues = DestinationRoute.validate([
            DestinationRoute(prefix: cmPrefix("10.10.0.0/16")),
            DestinationRoute(prefix: cmPrefix("10.20.0.0/16")),
            DestinationRoute(prefix: cmPrefix("10.10.0.0/16"), weight: 100),
        ], at: Self.path)
        #expect(issues.map(\.code) == [.destinationRouteDuplicateActive])
        #expect(issues.first?.field == "\(Self.path)[2].weight")
        #expect(issues.first?.value == "10.10.0.0/16")
        #expect(issues.first?.message.contains("\(Self.path)[0]") == true)
        #expect(issues.first?.message.contains("cannot both have weight 100") == true)
        #expect(issues.first?.isError == true)
    }

    @Test func sameDestinationWithWeight0IsAStandbyNotADuplicate() {
        let issues = DestinationRoute.validate([
            DestinationRoute(prefix: cmPrefix("10.10.0.0/16"), weight: 100),
            DestinationRoute(prefix: cmPrefix("10.10.0.0/16"), weight: 0),
            DestinationRoute(prefix: cmPrefix("10.10.0.0/16"), weight: 0),
        ], at: Self.path)
        #expect(issues.isEmpty)
    }

    @Test func defaultDestinationRouteIsRefused() {
        let issues = DestinationRoute.validate([DestinationRoute(prefix: cmPrefix("0.0.0.0/0"))], at: Self.path)
        // 0.0.0.0/0 also contains 100.64.0.0/10: one issue, the more specific rule.
        #expect(issues.map(\.code) == [.destinationRouteDefault])
        #expect(issues.first?.field == "\(Self.path)[0].route_dest")
        #expect(issues.first?.value == "0.0.0.0/0")
    }

    @Test(arguments: [("100.64.0.0/10", "is"), ("100.64.1.0/24", "is inside"), ("100.0.0.0/8", "contains")])
    func sharedAddressSpaceDestinationRoutesAreRefused(prefix: String, relation: String) {
        let issues = DestinationRoute.validate([DestinationRoute(prefix: cmPrefix(prefix))], at: Self.path)
        #expect(issues.map(\.code) == [.destinationRouteSharedAddressSpace])
        #expect(issues.first?.field == "\(Self.path)[0].route_dest")
        #expect(issues.first?.message == "\(prefix) \(relation) 100.64.0.0/10: a destination-based route may not equal, be inside or contain it")
    }

    @Test func aNeighbourOfTheSharedAddressSpaceIsAccepted() {
        #expect(DestinationRoute.validate([DestinationRoute(prefix: cmPrefix("100.128.0.0/10"))], at: Self.path).isEmpty)
    }
}
