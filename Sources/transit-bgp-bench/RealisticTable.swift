import BGPWire
import NetworkPrimitives

/// A deterministic generator (SplitMix64) so every benchmark run sees the same table.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A full-table-like set of IPv4 routes: about 60% /24, the rest /8–/23 with a few /25–/32;
/// AS paths of 1–8 hops, some MEDs and communities, and a chosen number of distinct attribute sets.
///
/// Generated AS paths avoid the lab's ASNs (45104, 65001, 65002) so no receiver drops a route as a
/// loop (see shared/reference/lab.md, "Generator").
struct RealisticTable {
    /// The attribute sets, indexed by `group`.
    var attributeSets: [PathAttributes]
    /// For each attribute set, the prefixes that carry it.
    var groups: [[IPv4Prefix]]

    var prefixCount: Int { groups.reduce(0) { $0 + $1.count } }
    var allPrefixes: [IPv4Prefix] { groups.flatMap { $0 } }

    static let avoidedASNs: Set<UInt32> = [45104, 65001, 65002, 23456]

    init(prefixes count: Int, attributeSets setCount: Int, nextHop: IPv4Address = IPv4Address(169, 254, 10, 1), seed: UInt64 = 42) {
        var rng = SplitMix64(seed: seed)
        var sets: [PathAttributes] = []
        sets.reserveCapacity(setCount)
        var seenSets = Set<PathAttributes>()
        while sets.count < setCount {
            let hops = Int.random(in: 1 ... 8, using: &rng)
            var asns: [ASNumber] = []
            for _ in 0 ..< hops {
                var asn: UInt32
                repeat {
                    asn = rng.next() % 4 == 0 ? UInt32.random(in: 131_072 ... 399_999, using: &rng)
                        : UInt32.random(in: 1 ... 64_495, using: &rng)
                } while RealisticTable.avoidedASNs.contains(asn)
                asns.append(ASNumber(rawValue: asn))
            }
            var attributes = PathAttributes(origin: rng.next() % 10 == 0 ? .incomplete : .igp,
                                            asPath: ASPath(sequence: asns), nextHop: nextHop)
            if rng.next() % 3 == 0 { attributes.multiExitDiscriminator = UInt32.random(in: 0 ... 1000, using: &rng) }
            if rng.next() % 2 == 0 {
                let n = Int.random(in: 1 ... 4, using: &rng)
                attributes.communities = (0 ..< n).map { _ in
                    Community(UInt16(asns[0].rawValue & 0xFFFF), UInt16.random(in: 1 ... 999, using: &rng))
                }
            }
            if seenSets.insert(attributes).inserted { sets.append(attributes) }
        }
        var seen = Set<IPv4Prefix>()
        seen.reserveCapacity(count)
        var groups = [[IPv4Prefix]](repeating: [], count: setCount)
        while seen.count < count {
            let roll = rng.next() % 100
            let length: Int
            if roll < 60 { length = 24 } else if roll < 97 { length = Int.random(in: 8 ... 23, using: &rng) } else {
                length = Int.random(in: 25 ... 32, using: &rng)
            }
            // Public-looking space: first octet 1...223, avoiding 10, 127 and 100.64/10-ish ranges.
            var first: UInt32
            repeat { first = UInt32.random(in: 1 ... 223, using: &rng) } while first == 10 || first == 127 || first == 100
            let address = IPv4Address(rawValue: first << 24 | UInt32(truncatingIfNeeded: rng.next()) & 0x00FF_FFFF)
            guard let prefix = IPv4Prefix(masking: address, length: length), seen.insert(prefix).inserted else { continue }
            groups[Int(rng.next() % UInt64(setCount))].append(prefix)
        }
        self.attributeSets = sets
        self.groups = groups
    }

    /// Every route as pre-encoded UPDATE messages, as few per attribute set as 4096 octets allow.
    func encodedUpdates(options: CodecOptions = .standard) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        for (index, prefixes) in groups.enumerated() where !prefixes.isEmpty {
            // The generated attribute sets are small: every one leaves room for prefixes.
            messages += (try? UpdateMessage.encodeAnnouncements(prefixes, attributes: attributeSets[index], options: options)) ?? []
        }
        return messages
    }
}
