import BGPRouting
import BGPWire
import NetworkPrimitives

/// `transit-bgp-bench rib`: a full table from one peer into an empty RIB, then the same prefixes from
/// a second peer with a longer AS path (every destination then runs the decision process).
///
/// Input is the decoded UPDATE stream of the codec bench, as a speaker hands it over: one
/// `announce` per UPDATE (attributes interned once per UPDATE). Memory per route is the growth of
/// the resident set during the first peer's ingest, divided by the number of routes.
enum RIBBenchmark {
    static func run(arguments: [String]) throws {
        let prefixes = intOption(arguments, "--prefixes") ?? 1_000_000
        let sets = intOption(arguments, "--attribute-sets") ?? 50_000
        let table = RealisticTable(prefixes: prefixes, attributeSets: sets)
        let first = try decodedUpdates(table.encodedUpdates())
        var longer = table
        longer.attributeSets = table.attributeSets.map { attributes in
            var copy = attributes
            copy.asPath = (attributes.asPath ?? .empty).prepending(ASNumber(rawValue: 65002), count: 2)
            copy.nextHop = IPv4Address(169, 254, 20, 1)
            return copy
        }
        let second = try decodedUpdates(longer.encodedUpdates())
        print("rib: \(prefixes) prefixes, \(sets) attribute sets, \(first.count) UPDATEs per peer")

        var rib = RIB<IPv4Prefix>(config: DecisionConfig(multipathThrough: .interiorCost))
        let peer1 = PeerID(rawValue: 1)
        let peer2 = PeerID(rawValue: 2)
        rib.setPeer(peer1, .init(info: PeerInfo(name: "tunnel-1", address: .v4(IPv4Address(169, 254, 10, 1)),
                                                asn: 65001, routerID: IPv4Address(10, 0, 0, 1)),
                                 checks: ImportChecks(localAS: 45104)))
        rib.setPeer(peer2, .init(info: PeerInfo(name: "tunnel-2", address: .v4(IPv4Address(169, 254, 20, 1)),
                                                asn: 65002, routerID: IPv4Address(10, 0, 0, 2)),
                                 checks: ImportChecks(localAS: 45104)))

        ProcessStats.trimHeap()
        let before = ProcessStats.residentBytes()
        var changes = 0
        let firstSeconds = measure {
            for update in first { changes += rib.announce(update.nlri, attributes: update.attributes, from: peer1).count }
        }
        let afterUntrimmed = ProcessStats.residentBytes()
        // Freed intermediate hash tables (the table doubles as it grows) stay resident until trimmed.
        ProcessStats.trimHeap()
        let after = ProcessStats.residentBytes()
        precondition(rib.locRIBCount == prefixes && changes == prefixes, "Loc-RIB holds \(rib.locRIBCount) of \(prefixes)")

        var secondChanges = 0
        let secondSeconds = measure {
            for update in second { secondChanges += rib.announce(update.nlri, attributes: update.attributes, from: peer2).count }
        }
        precondition(secondChanges == 0, "a longer path must not change the best path (\(secondChanges) changed)")
        let afterSecond = ProcessStats.residentBytes()
        print("rib: first peer \(Int(firstSeconds * 1000)) ms, second peer \(Int(secondSeconds * 1000)) ms, "
              + "\(rib.attributeSetCount) interned attribute sets")
        print("rib: RSS before \(before >> 20) MiB, after the first peer \(afterUntrimmed >> 20) MiB "
              + "(\(after >> 20) MiB once freed memory is trimmed), after the second peer \(afterSecond >> 20) MiB")
        figure("rib_routes_per_s", Double(prefixes) / firstSeconds, "routes/s")
        figure("rib_second_peer_routes_per_s", Double(prefixes) / secondSeconds, "routes/s")
        figure("rib_bytes_per_route", Double(after - before) / Double(prefixes), "bytes")
        figure("rib_untrimmed_bytes_per_route", Double(afterUntrimmed - before) / Double(prefixes), "bytes")
    }

    static func decodedUpdates(_ messages: [[UInt8]]) throws -> [UpdateMessage] {
        var framer = MessageFramer()
        for message in messages { framer.append(message) }
        var updates: [UpdateMessage] = []
        while let frame = try framer.next() {
            if case .update(let update)? = try BGPMessage.decode(frame) { updates.append(update) }
        }
        return updates
    }
}
