import NetworkPrimitives

/// A plain reference for PrefixTable and LPMSnapshot: a dictionary, with longest-prefix match by
/// trying every length that is in use, longest first.
struct ReferencePrefixMap<Prefix: RoutablePrefix, Value> {
    var entries: [Prefix: Value] = [:]
    /// How many entries have each length.
    var lengthCounts = [Int](repeating: 0, count: Int(Prefix.maxLength) + 1)

    var count: Int { entries.count }

    mutating func insert(_ value: Value, for prefix: Prefix) -> Value? {
        let old = entries.updateValue(value, forKey: prefix)
        if old == nil { lengthCounts[Int(prefix.length)] += 1 }
        return old
    }

    mutating func remove(_ prefix: Prefix) -> Value? {
        let old = entries.removeValue(forKey: prefix)
        if old != nil { lengthCounts[Int(prefix.length)] -= 1 }
        return old
    }

    func longestMatch(_ address: Prefix.Address) -> (prefix: Prefix, value: Value)? {
        for length in stride(from: Int(Prefix.maxLength), through: 0, by: -1) where lengthCounts[length] > 0 {
            let prefix = Prefix(containing: address, length: UInt8(length))
            if let value = entries[prefix] { return (prefix, value) }
        }
        return nil
    }

    func covering(_ prefix: Prefix) -> [(prefix: Prefix, value: Value)] {
        (0 ... Int(prefix.length)).compactMap { length in
            guard lengthCounts[length] > 0 else { return nil }
            let candidate = prefix.truncated(to: UInt8(length))
            return entries[candidate].map { (candidate, $0) }
        }
    }

    func covered(by prefix: Prefix) -> [(prefix: Prefix, value: Value)] {
        entries.filter { prefix.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var sorted: [(prefix: Prefix, value: Value)] {
        entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// Random prefixes and addresses that nest and collide often: the top bits come from a small pool.
enum RandomPrefixes {
    static func ipv4Address(_ rng: inout SplitMix64) -> IPv4Address {
        // A third anywhere; the rest under 8 first octets, so prefixes of all lengths overlap.
        let raw = UInt32(truncatingIfNeeded: rng.next())
        if rng.next() % 3 == 0 { return IPv4Address(rawValue: raw) }
        let pool: [UInt32] = [10, 11, 100, 172, 192, 198, 203, 255]
        return IPv4Address(rawValue: pool[Int(rng.next() % 8)] << 24 | raw & 0x00FF_FFFF)
    }

    static func ipv4Length(_ rng: inout SplitMix64) -> UInt8 {
        switch rng.next() % 10 {
        case 0: return UInt8(rng.next() % 8)  // 0...7
        case 1, 2: return UInt8(25 + rng.next() % 8)  // 25...32
        case 3, 4, 5: return 24
        default: return UInt8(8 + rng.next() % 16)  // 8...23
        }
    }

    static func ipv4Prefix(_ rng: inout SplitMix64) -> IPv4Prefix {
        IPv4Prefix(containing: ipv4Address(&rng), length: ipv4Length(&rng))
    }

    static func ipv6Address(_ rng: inout SplitMix64) -> IPv6Address {
        let high = rng.next()
        let low = rng.next()
        switch rng.next() % 3 {
        case 0: return IPv6Address(high: high, low: low)
        case 1:
            // 2001:db8::/32 and a few /48 neighbours, with a small interface-ID space.
            return IPv6Address(high: 0x2001_0DB8_0000_0000 | high & 0x0003_FFFF, low: low & 0xFF)
        default:
            let pool: [UInt64] = [0x2001_0000, 0x2400_CB00, 0x2A00_1450, 0xFE80_0000]
            return IPv6Address(high: pool[Int(rng.next() % 4)] << 32 | high & 0xFFFF_FFFF, low: low)
        }
    }

    static func ipv6Length(_ rng: inout SplitMix64) -> UInt8 {
        switch rng.next() % 10 {
        case 0: return UInt8(rng.next() % 16)  // 0...15
        case 1: return UInt8(65 + rng.next() % 64)  // 65...128
        case 2: return 128
        case 3, 4: return 48
        default: return UInt8(16 + rng.next() % 49)  // 16...64
        }
    }

    static func ipv6Prefix(_ rng: inout SplitMix64) -> IPv6Prefix {
        IPv6Prefix(containing: ipv6Address(&rng), length: ipv6Length(&rng))
    }

    /// An address inside `prefix` with random host bits.
    static func address(in prefix: IPv4Prefix, _ rng: inout SplitMix64) -> IPv4Address {
        IPv4Address(rawValue: prefix.address.rawValue | UInt32(truncatingIfNeeded: rng.next()) & ~IPv4Prefix.mask(Int(prefix.length)))
    }

    static func address(in prefix: IPv6Prefix, _ rng: inout SplitMix64) -> IPv6Address {
        let network = IPv6Prefix.apply(Int(prefix.length), to: IPv6Address(high: .max, low: .max))
        return IPv6Address(high: prefix.address.high | rng.next() & ~network.high,
                           low: prefix.address.low | rng.next() & ~network.low)
    }
}
