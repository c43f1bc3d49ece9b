import NetworkPrimitives
import Testing

private func v4(_ text: String) -> IPv4Prefix { IPv4Prefix(text)! }
private func a4(_ text: String) -> IPv4Address { IPv4Address(text)! }
private func v6(_ text: String) -> IPv6Prefix { IPv6Prefix(text)! }
private func a6(_ text: String) -> IPv6Address { IPv6Address(text)! }

/// A value type that is not Hashable, so the snapshot keeps one value entry per prefix.
private struct NextHop: Equatable, Sendable {
    var id: Int
}

@Suite("LPMSnapshot")
struct LPMSnapshotTests {
    @Test func emptySnapshot() {
        for directBits in [1, 12, 18] {
            let snapshot = IPv4LPMSnapshot(IPv4PrefixTable<Int>(), directBits: directBits)
            #expect(snapshot.isEmpty)
            #expect(snapshot.count == 0)
            #expect(snapshot.lookup(a4("10.1.2.3")) == nil)
            #expect(snapshot.lookup(a4("0.0.0.0")) == nil)
            #expect(snapshot.lookup(a4("255.255.255.255")) == nil)
            #expect(snapshot.byteCount > 0)
        }
        let empty6 = IPv6LPMSnapshot(IPv6PrefixTable<Int>())
        #expect(empty6.lookup(a6("2001:db8::1")) == nil)
    }

    @Test func nestedPrefixes() {
        var table = IPv4PrefixTable<Int>()
        for (text, value) in [("10.0.0.0/8", 8), ("10.1.0.0/16", 16), ("10.1.2.0/24", 24), ("10.1.2.3/32", 32),
                              ("10.1.2.128/25", 25), ("10.1.2.64/26", 26), ("10.1.2.4/30", 30), ("10.1.2.6/31", 31),
                              ("10.0.0.0/17", 17), ("10.0.0.0/18", 18), ("10.0.0.0/19", 19), ("192.0.2.0/24", 1)] {
            table[v4(text)] = value
        }
        for directBits in [1, 6, 8, 12, 17, 18, 20] {
            let snapshot = IPv4LPMSnapshot(table, directBits: directBits)
            #expect(snapshot.count == table.count)
            #expect(snapshot.lookup(a4("10.1.2.3")) == 32)
            #expect(snapshot.lookup(a4("10.1.2.2")) == 24)
            #expect(snapshot.lookup(a4("10.1.2.4")) == 30)
            #expect(snapshot.lookup(a4("10.1.2.5")) == 30)
            #expect(snapshot.lookup(a4("10.1.2.6")) == 31)
            #expect(snapshot.lookup(a4("10.1.2.7")) == 31)
            #expect(snapshot.lookup(a4("10.1.2.8")) == 24)
            #expect(snapshot.lookup(a4("10.1.2.64")) == 26)
            #expect(snapshot.lookup(a4("10.1.2.127")) == 26)
            #expect(snapshot.lookup(a4("10.1.2.128")) == 25)
            #expect(snapshot.lookup(a4("10.1.2.255")) == 25)
            #expect(snapshot.lookup(a4("10.1.3.0")) == 16)
            #expect(snapshot.lookup(a4("10.0.0.1")) == 19)
            #expect(snapshot.lookup(a4("10.0.32.1")) == 18)
            #expect(snapshot.lookup(a4("10.0.64.1")) == 17)
            #expect(snapshot.lookup(a4("10.0.128.1")) == 8)
            #expect(snapshot.lookup(a4("10.255.255.255")) == 8)
            #expect(snapshot.lookup(a4("9.255.255.255")) == nil)
            #expect(snapshot.lookup(a4("11.0.0.0")) == nil)
            #expect(snapshot.lookup(a4("192.0.2.77")) == 1)
            #expect(snapshot.lookup(a4("192.0.3.77")) == nil)
        }
    }

    @Test func defaultRouteAndHostRoutesIPv4() {
        var table = IPv4PrefixTable<String>()
        table[v4("0.0.0.0/0")] = "default"
        table[v4("0.0.0.0/32")] = "zero"
        table[v4("255.255.255.255/32")] = "broadcast"
        table[v4("128.0.0.0/1")] = "upper"
        for directBits in [1, 12, 18, 24] {
            let snapshot = IPv4LPMSnapshot(table, directBits: directBits)
            #expect(snapshot.lookup(a4("0.0.0.0")) == "zero")
            #expect(snapshot.lookup(a4("0.0.0.1")) == "default")
            #expect(snapshot.lookup(a4("127.255.255.255")) == "default")
            #expect(snapshot.lookup(a4("128.0.0.0")) == "upper")
            #expect(snapshot.lookup(a4("255.255.255.254")) == "upper")
            #expect(snapshot.lookup(a4("255.255.255.255")) == "broadcast")
        }
        var onlyDefault = IPv4PrefixTable<Int>()
        onlyDefault[v4("0.0.0.0/0")] = 7
        let snapshot = IPv4LPMSnapshot(onlyDefault)
        #expect(snapshot.lookup(a4("1.2.3.4")) == 7)
        #expect(snapshot.lookup(a4("255.255.255.255")) == 7)
    }

    @Test func defaultRouteAndHostRoutesIPv6() {
        var table = IPv6PrefixTable<Int>()
        table[v6("::/0")] = 0
        table[v6("::/128")] = 1
        table[v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")] = 2
        table[v6("2001:db8::/32")] = 3
        table[v6("2001:db8::/64")] = 4
        table[v6("2001:db8::1/128")] = 5
        table[v6("2001:db8:0:0:8000::/65")] = 6
        table[v6("2001:db8::/127")] = 7
        for directBits in [1, 10, 16, 24] {
            let snapshot = IPv6LPMSnapshot(table, directBits: directBits)
            #expect(snapshot.lookup(a6("::")) == 1)
            #expect(snapshot.lookup(a6("::1")) == 0)
            #expect(snapshot.lookup(a6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) == 2)
            #expect(snapshot.lookup(a6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")) == 0)
            #expect(snapshot.lookup(a6("2001:db8::")) == 7)
            #expect(snapshot.lookup(a6("2001:db8::1")) == 5)
            #expect(snapshot.lookup(a6("2001:db8::2")) == 4)
            #expect(snapshot.lookup(a6("2001:db8::8000:0:0:1")) == 6)
            #expect(snapshot.lookup(a6("2001:db8:1::1")) == 3)
            #expect(snapshot.lookup(a6("2001:db9::1")) == 0)
        }
    }

    @Test func valuesAreDeduplicatedWhenHashable() {
        var table = IPv4PrefixTable<Int>()
        var nonHashable = IPv4PrefixTable<NextHop>()
        var rng = SplitMix64(seed: 3)
        for _ in 0 ..< 5000 {
            let prefix = RandomPrefixes.ipv4Prefix(&rng)
            let hop = Int(rng.next() % 4)
            table[prefix] = hop
            nonHashable[prefix] = NextHop(id: hop)
        }
        let deduplicated = IPv4LPMSnapshot(table)
        let perPrefix = IPv4LPMSnapshot(nonHashable)
        #expect(deduplicated.valueCount <= 5)  // nil and four next hops
        #expect(perPrefix.valueCount == nonHashable.count + 1)
        #expect(deduplicated.byteCount <= perPrefix.byteCount)  // equal neighbours merge into one run
        for _ in 0 ..< 20_000 {
            let address = RandomPrefixes.ipv4Address(&rng)
            let expected = table.longestMatch(address)?.value
            #expect(deduplicated.lookup(address) == expected)
            #expect(perPrefix.lookup(address)?.id == expected)
        }
    }

    @Test func snapshotIsIndependentOfLaterTableChanges() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/8")] = 1
        table[v4("10.1.0.0/16")] = 2
        let snapshot = IPv4LPMSnapshot(table)
        table[v4("10.1.0.0/16")] = nil
        table[v4("10.0.0.0/8")] = 3
        table[v4("10.1.2.0/24")] = 4
        #expect(snapshot.lookup(a4("10.1.2.3")) == 2)
        #expect(snapshot.lookup(a4("10.2.0.0")) == 1)
        #expect(snapshot.count == 2)
        let next = IPv4LPMSnapshot(table)
        #expect(next.lookup(a4("10.1.2.3")) == 4)
        #expect(next.lookup(a4("10.1.3.3")) == 3)
    }

    @Test func batchedLookupMatchesScalar() {
        var rng = SplitMix64(seed: 77)
        var table = IPv4PrefixTable<Int>()
        for index in 0 ..< 3000 { table[RandomPrefixes.ipv4Prefix(&rng)] = index % 50 }
        // Long prefixes so batches include walks into child records.
        for index in 0 ..< 300 {
            table[IPv4Prefix(containing: RandomPrefixes.ipv4Address(&rng), length: UInt8(25 + index % 8))] = 100 + index
        }
        let snapshot = IPv4LPMSnapshot(table)
        for count in [0, 1, 31, 32, 33, 1000] {
            var addresses: [IPv4Address] = []
            for (index, entry) in table.enumerated() where addresses.count < count {
                addresses.append(index % 2 == 0 ? RandomPrefixes.ipv4Address(&rng) : RandomPrefixes.address(in: entry.prefix, &rng))
            }
            let batched = snapshot.lookup(addresses)
            #expect(batched.count == addresses.count)
            #expect(batched == addresses.map { snapshot.lookup($0) })
            #expect(batched == addresses.map { table.longestMatch($0)?.value })
        }
        var six = IPv6PrefixTable<Int>()
        for index in 0 ..< 3000 { six[RandomPrefixes.ipv6Prefix(&rng)] = index }
        let snapshot6 = IPv6LPMSnapshot(six)
        let addresses6 = (0 ..< 1000).map { _ in RandomPrefixes.ipv6Address(&rng) }
        #expect(snapshot6.lookup(addresses6) == addresses6.map { six.longestMatch($0)?.value })
    }

    /// More distinct values than 16-bit leaves can name (65,472) switch the snapshot to 32-bit leaves;
    /// long prefixes put child records behind the wide leaves too.
    @Test func wideLeavesForManyDistinctValues() {
        var rng = SplitMix64(seed: 0x1D_0070)
        var table = IPv4PrefixTable<Int>()
        var value = 0
        while table.count < 70_000 {
            let length = UInt8(16 + rng.next() % 17)
            table[IPv4Prefix(containing: IPv4Address(rawValue: UInt32(truncatingIfNeeded: rng.next())), length: length)] = value
            value += 1
        }
        let wide = IPv4LPMSnapshot(table)
        #expect(wide.valueCount == table.count + 1)
        var narrowTable = IPv4PrefixTable<Int>()
        for (prefix, value) in table.prefix(60_000) { narrowTable[prefix] = value }
        let narrow = IPv4LPMSnapshot(narrowTable)
        #expect(narrow.valueCount == 60_001)
        var addresses: [IPv4Address] = []
        for (index, entry) in table.enumerated() where index % 7 == 0 {
            addresses.append(RandomPrefixes.address(in: entry.prefix, &rng))
            addresses.append(IPv4Address(rawValue: UInt32(truncatingIfNeeded: rng.next())))
        }
        #expect(wide.lookup(addresses) == addresses.map { table.longestMatch($0)?.value })
        #expect(addresses.map { wide.lookup($0) } == addresses.map { table.longestMatch($0)?.value })
        #expect(narrow.lookup(addresses) == addresses.map { narrowTable.longestMatch($0)?.value })
    }

    @Test func isSendableForSendableValues() {
        let snapshot: any Sendable = IPv4LPMSnapshot(IPv4PrefixTable<Int>())
        #expect(snapshot is IPv4LPMSnapshot<Int>)
    }

    // MARK: Randomized comparison with a reference

    @Test(arguments: [false, true])
    func randomizedIPv4MatchesReference(small: Bool) {
        var rng = SplitMix64(seed: small ? 0xA4_0001 : 0xA4_0002)
        var table = IPv4PrefixTable<Int>()
        var reference = ReferencePrefixMap<IPv4Prefix, Int>()
        var inserted: [IPv4Prefix] = []
        let prefixCount = small ? 2_000 : 100_000
        while reference.count < prefixCount {
            let prefix = RandomPrefixes.ipv4Prefix(&rng)
            // Few distinct values, as in a forwarding table, so runs of equal leaves merge.
            let value = Int(rng.next() % 64)
            _ = reference.insert(value, for: prefix)
            table[prefix] = value
            inserted.append(prefix)
        }
        // Some removals, so the snapshot is built from a table that has collapsed nodes.
        for _ in 0 ..< prefixCount / 10 {
            let prefix = inserted[Int(rng.next() % UInt64(inserted.count))]
            #expect(table.remove(prefix) == reference.remove(prefix))
        }
        let snapshot = IPv4LPMSnapshot(table)
        let perPrefix = IPv4LPMSnapshot(table.map { ($0.prefix, NextHop(id: $0.value)) }.reduce(into: IPv4PrefixTable<NextHop>()) {
            $0[$1.0] = $1.1
        })
        #expect(snapshot.count == reference.count)
        var mismatches = 0
        var routed = 0
        var addresses: [IPv4Address] = []
        for index in 0 ..< 150_000 {
            let address: IPv4Address
            switch index % 3 {
            case 0: address = IPv4Address(rawValue: UInt32(truncatingIfNeeded: rng.next()))
            case 1: address = RandomPrefixes.ipv4Address(&rng)
            default: address = RandomPrefixes.address(in: inserted[Int(rng.next() % UInt64(inserted.count))], &rng)
            }
            addresses.append(address)
            let expected = reference.longestMatch(address)?.value
            if expected != nil { routed += 1 }
            if snapshot.lookup(address) != expected || perPrefix.lookup(address)?.id != expected
                || table.longestMatchValue(address) != expected {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(routed > 50_000)
        #expect(snapshot.lookup(addresses) == addresses.map { reference.longestMatch($0)?.value })
        // Every prefix's first and last address, where the edges of the runs are.
        var edgeMismatches = 0
        for prefix in reference.entries.keys {
            for address in [prefix.address, prefix.lastAddress] where snapshot.lookup(address) != reference.longestMatch(address)?.value {
                edgeMismatches += 1
            }
        }
        #expect(edgeMismatches == 0)
    }

    @Test(arguments: [false, true])
    func randomizedIPv6MatchesReference(small: Bool) {
        var rng = SplitMix64(seed: small ? 0xA6_0001 : 0xA6_0002)
        var table = IPv6PrefixTable<Int>()
        var reference = ReferencePrefixMap<IPv6Prefix, Int>()
        var inserted: [IPv6Prefix] = []
        let prefixCount = small ? 2_000 : 100_000
        while reference.count < prefixCount {
            let prefix = RandomPrefixes.ipv6Prefix(&rng)
            let value = Int(rng.next() % 64)
            _ = reference.insert(value, for: prefix)
            table[prefix] = value
            inserted.append(prefix)
        }
        for _ in 0 ..< prefixCount / 10 {
            let prefix = inserted[Int(rng.next() % UInt64(inserted.count))]
            #expect(table.remove(prefix) == reference.remove(prefix))
        }
        let snapshot = IPv6LPMSnapshot(table)
        #expect(snapshot.count == reference.count)
        var mismatches = 0
        var routed = 0
        for index in 0 ..< 110_000 {
            let address = index % 2 == 0 ? RandomPrefixes.ipv6Address(&rng)
                : RandomPrefixes.address(in: inserted[Int(rng.next() % UInt64(inserted.count))], &rng)
            let expected = reference.longestMatch(address)?.value
            if expected != nil { routed += 1 }
            if snapshot.lookup(address) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(routed > 50_000)
        // The first and last address of every 8th prefix (the reference is slow: 129 lengths to try).
        var edgeMismatches = 0
        for prefix in reference.sorted.map(\.prefix).enumerated().filter({ $0.offset % 8 == 0 }).map(\.element) {
            for address in [prefix.address, prefix.lastAddress] where snapshot.lookup(address) != reference.longestMatch(address)?.value {
                edgeMismatches += 1
            }
        }
        #expect(edgeMismatches == 0)
    }
}
