import BGPWire
import NetworkPrimitives

/// Multi-line, human-readable text for a decoded message.
enum MessagePrinter {
    static func describe(_ message: BGPMessage) -> String {
        switch message {
        case .open(let open):
            var lines = ["OPEN version \(open.version) AS \(open.autonomousSystem.asplain) (asdot \(open.autonomousSystem.asdot))"
                + " hold \(open.holdTime)s id \(open.identifier)"]
            for capability in open.capabilities { lines.append("   capability \(describe(capability))") }
            return lines.joined(separator: "\n")
        case .update(let update):
            if let family = update.endOfRIBFamily { return "UPDATE End-of-RIB \(family)" }
            var lines = ["UPDATE"]
            let a = update.attributes
            if !update.withdrawn.isEmpty { lines.append("   withdrawn \(list(update.withdrawn))") }
            if let unreach = update.mpUnreach { lines.append("   mp-unreach \(unreach.family) \(describe(unreach.prefixes))") }
            if let origin = a.origin { lines.append("   origin \(origin)") }
            if let path = a.asPath { lines.append("   as-path \(path.description.isEmpty ? "(empty)" : path.description)") }
            if let nextHop = a.nextHop { lines.append("   next-hop \(nextHop)") }
            if let med = a.multiExitDiscriminator { lines.append("   med \(med)") }
            if let pref = a.localPreference { lines.append("   local-pref \(pref)") }
            if a.atomicAggregate { lines.append("   atomic-aggregate") }
            if let agg = a.aggregator { lines.append("   aggregator \(agg.asn) \(agg.address)") }
            if !a.communities.isEmpty { lines.append("   communities \(a.communities.map(\.description).joined(separator: " "))") }
            if !a.extendedCommunities.isEmpty {
                lines.append("   extended-communities \(a.extendedCommunities.map(\.description).joined(separator: " "))")
            }
            if !a.largeCommunities.isEmpty {
                lines.append("   large-communities \(a.largeCommunities.map(\.description).joined(separator: " "))")
            }
            if let id = a.originatorID { lines.append("   originator-id \(id)") }
            if !a.clusterList.isEmpty { lines.append("   cluster-list \(a.clusterList.map(\.description).joined(separator: " "))") }
            if let path4 = a.as4Path { lines.append("   as4-path \(path4)") }
            if let agg4 = a.as4Aggregator { lines.append("   as4-aggregator \(agg4.asn) \(agg4.address)") }
            if let otc = a.onlyToCustomer { lines.append("   only-to-customer \(otc)") }
            for raw in a.unrecognized { lines.append("   unrecognized attribute \(raw.type) flags 0x\(String(raw.flags.rawValue, radix: 16)) length \(raw.value.count)") }
            if let reach = update.mpReach { lines.append("   mp-reach \(reach.family) next-hop \(describe(reach.nextHop)) \(describe(reach.prefixes))") }
            if !update.nlri.isEmpty { lines.append("   nlri \(list(update.nlri))") }
            for problem in update.malformations {
                lines.append("   RFC 7606 \(problem.action): \(problem.reason)")
            }
            if update.treatAsWithdraw { lines.append("   => every announced prefix is treated as withdrawn") }
            return lines.joined(separator: "\n")
        case .notification(let notification):
            return notification.description
        case .keepalive:
            return "KEEPALIVE"
        case .routeRefresh(let refresh):
            return "ROUTE-REFRESH \(refresh.family) \(refresh.subtype)"
        }
    }

    static func describe(_ capability: Capability) -> String {
        switch capability {
        case .multiprotocol(let family): "multiprotocol \(family)"
        case .routeRefresh: "route-refresh"
        case .extendedMessage: "extended-message"
        case .role(let role): "role \(role)"
        case .gracefulRestart(let gr): "graceful-restart time \(gr.restartTime)s families \(gr.families.map(\.family.description))"
        case .fourOctetAS(let asn): "4-octet-as \(asn.asplain)"
        case .addPath(let entries): "add-path \(entries.map { "\($0.family) \($0.mode)" })"
        case .enhancedRouteRefresh: "enhanced-route-refresh"
        case .fqdn(let host, let domain): "fqdn \(host) \(domain)"
        case .unrecognized(let code, let value): "code \(code) (\(value.count) octets, not interpreted)"
        }
    }

    static func describe(_ nextHop: MPNextHop) -> String {
        switch nextHop {
        case .ipv4(let address): "\(address)"
        case .ipv6(let global, let linkLocal): linkLocal.map { "\(global) \($0)" } ?? "\(global)"
        case .raw(let bytes): "\(bytes.count) octets"
        }
    }

    static func describe(_ prefixes: MPPrefixes) -> String {
        switch prefixes {
        case .ipv4(let list): list.isEmpty ? "(none)" : self.list(list)
        case .ipv6(let list): list.isEmpty ? "(none)" : list.map(\.description).joined(separator: " ")
        case .raw(let bytes): "\(bytes.count) octets of NLRI"
        }
    }

    static func list(_ prefixes: [IPv4Prefix]) -> String {
        prefixes.count > 8
            ? prefixes.prefix(8).map(\.description).joined(separator: " ") + " … (\(prefixes.count) in all)"
            : prefixes.map(\.description).joined(separator: " ")
    }
}
