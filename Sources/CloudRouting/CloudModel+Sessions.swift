import BGPWire
import NetworkPrimitives

extension CloudModel {
    /// An UPDATE from the data center over one tunnel: its routes go into the connection's RIB
    /// (RFC 7606 §2: treat-as-withdraw withdraws every NLRI of the message). The `CLOUD` rows that
    /// changed are in ``lastCloudChanges``.
    /// - Returns: whether the UPDATE was treated as a withdrawal.
    @discardableResult
    public mutating func learn(_ update: UpdateMessage, connection id: String, tunnel index: Int) -> Bool {
        var withdrawn = update.withdrawn
        var announced: [DataCenterRoute] = []
        if update.treatAsWithdraw {
            withdrawn += update.nlri
        } else {
            announced = update.nlri.map { DataCenterRoute(prefix: $0, attributes: update.attributes) }
        }
        lastCloudChanges = [:]
        guard !withdrawn.isEmpty || !announced.isEmpty else { return update.treatAsWithdraw }
        learn(connection: id, tunnel: index, announced: announced, withdrawn: withdrawn, reportChanges: false)
        return update.treatAsWithdraw
    }

    /// The session over a tunnel ended: every route learned over it is withdrawn (RFC 4271 §9.1).
    /// The `CLOUD` rows that changed are in ``lastCloudChanges``.
    public mutating func forgetRoutes(connection id: String, tunnel index: Int) {
        lastCloudChanges = [:]
        guard let learned = connections[id]?.routesByTunnel[index], !learned.isEmpty else { return }
        learn(connection: id, tunnel: index, announced: [], withdrawn: learned.keys.sorted(), reportChanges: false)
    }
}
