import BGPWire
import CloudRouting
import NetworkPrimitives
import Testing

/// Learning UPDATEs into a connection's BGP table (the engine's `Learning`).
struct LearningTests {
    /// One UPDATE withdraws a prefix and announces it again with other attributes. Nothing else holds
    /// the old attributes (propagation is off), so their ID is free once the withdrawal releases it:
    /// the changed row must still be reported (the ID is released after the rows are compared, so
    /// the announcement cannot reuse it).
    @Test func withdrawAndReannounceInOneUpdateIsReported() {
        var model = cmTwoDataCenters(propagate: false)
        let prefix = cmPrefix("172.20.0.0/24")
        model.learn(connection: "vco-1", tunnel: 1, announced: [cmRoute("172.20.0.0/24", path: [65001, 65001, 65001])], withdrawn: [])
        let before = model
        let delta = model.learn(connection: "vco-1", tunnel: 1, announced: [cmRoute("172.20.0.0/24", path: [65001, 65001])],
                                withdrawn: [prefix])
        #expect(delta.bgp["vco-1"]?.contains(prefix) == true, "\(delta.bgp)")
        #expect(model.tableChanges(delta, since: before).map { "\($0.table) \($0.prefix)" } == ["vco-1/bgp 172.20.0.0/24"])
    }
}
