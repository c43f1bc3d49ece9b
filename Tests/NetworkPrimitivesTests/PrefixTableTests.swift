import NetworkPrimitives
import Testing

private func v4(_ text: String) -> IPv4Prefix { IPv4Prefix(text)! }
private func a4(_ text: String) -> IPv4Address { IPv4Address(text)! }
private func v6(_ text: String) -> IPv6Prefix { IPv6Prefix(text)! }
private func a6(_ text: String) -> IPv6Address { IPv6Address(text)! }

/// The prefixes of a list of entries, for comparisons.
private func prefixes<P, V>(_ entries: [(prefix: P, value: V)]) -> [P] { entries.map(\.prefix) }

@Suite("PrefixTable")
struct PrefixTableTests {
    // MARK: Basics

    @Test func emptyTable() {
        let table = IPv4PrefixTable<Int>()
        #expect(table.isEmpty)
        #expect(table.count == 0)
        #expect(table.nodeCount == 0)
        #expect(table[v4("10.0.0.0/8")] == nil)
        #expect(table.longestMatch(a4("10.1.2.3")) == nil)
        #expect(table.longestMatchValue(a4("10.1.2.3")) == nil)
        #expect(table.longestMatch(covering: v4("10.0.0.0/8")) == nil)
        #expect(table.covering(v4("10.0.0.0/8")).isEmpty)
        #expect(table.covered(by: v4("0.0.0.0/0")).isEmpty)
        #expect(Array(table).isEmpty)
        #expect(table.description == "[]")
    }

    @Test func insertAndExactMatch() {
        var table = IPv4PrefixTable<String>()
        #expect(table.insert("eight", for: v4("10.0.0.0/8")) == nil)
        #expect(table.insert("sixteen", for: v4("10.1.0.0/16")) == nil)
        #expect(table.insert("other", for: v4("192.0.2.0/24")) == nil)
        #expect(table.count == 3)
        #expect(!table.isEmpty)
        #expect(table[v4("10.0.0.0/8")] == "eight")
        #expect(table[v4("10.1.0.0/16")] == "sixteen")
        #expect(table[v4("192.0.2.0/24")] == "other")
        #expect(table.contains(v4("10.1.0.0/16")))
        // Same address, other lengths; and a branch node's prefix (10.0.0.0/7 is not stored).
        #expect(table[v4("10.0.0.0/9")] == nil)
        #expect(table[v4("10.0.0.0/7")] == nil)
        #expect(table[v4("10.1.0.0/24")] == nil)
        #expect(table[v4("0.0.0.0/0")] == nil)
        #expect(!table.contains(v4("0.0.0.0/1")))
    }

    @Test func insertReplacesAndReturnsOldValue() {
        var table = IPv4PrefixTable<Int>()
        #expect(table.insert(1, for: v4("10.0.0.0/8")) == nil)
        #expect(table.insert(2, for: v4("10.0.0.0/8")) == 1)
        #expect(table.insert(3, for: v4("10.0.0.0/8")) == 2)
        #expect(table.count == 1)
        #expect(table[v4("10.0.0.0/8")] == 3)
        table[v4("10.0.0.0/8")] = 4
        #expect(table[v4("10.0.0.0/8")] == 4)
        #expect(table.count == 1)
    }

    @Test func removeReturnsValueAndSubscriptNilRemoves() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/8")] = 8
        table[v4("10.1.0.0/16")] = 16
        table[v4("10.2.0.0/16")] = 162
        #expect(table.remove(v4("10.1.0.0/16")) == 16)
        #expect(table.remove(v4("10.1.0.0/16")) == nil)
        #expect(table.count == 2)
        #expect(table.remove(v4("10.0.0.0/9")) == nil)  // never stored
        #expect(table.remove(v4("11.0.0.0/8")) == nil)
        table[v4("10.0.0.0/8")] = nil
        #expect(table[v4("10.0.0.0/8")] == nil)
        #expect(table.count == 1)
        #expect(table[v4("10.2.0.0/16")] == 162)
        table[v4("99.0.0.0/8")] = nil  // removing what is not there is a no-op
        #expect(table.count == 1)
    }

    @Test func removingABranchPrefixThatHoldsNoValue() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/24")] = 1
        table[v4("10.0.1.0/24")] = 2
        // 10.0.0.0/23 now exists as a branch node without a value.
        #expect(table.nodeCount == 3)
        #expect(table.remove(v4("10.0.0.0/23")) == nil)
        #expect(table[v4("10.0.0.0/23")] == nil)
        #expect(table.count == 2)
        // Giving the branch node a value, then removing it again.
        table[v4("10.0.0.0/23")] = 23
        #expect(table.nodeCount == 3)
        #expect(table.longestMatch(a4("10.0.1.7"))?.value == 2)
        #expect(table.remove(v4("10.0.0.0/23")) == 23)
        #expect(table.nodeCount == 3)
        #expect(table.count == 2)
    }

    // MARK: Longest-prefix match

    @Test func longestMatchByAddress() {
        var table = IPv4PrefixTable<Int>()
        for (text, value) in [("0.0.0.0/0", 0), ("10.0.0.0/8", 8), ("10.1.0.0/16", 16), ("10.1.2.0/24", 24),
                              ("10.1.2.3/32", 32), ("10.1.2.128/25", 25)] {
            table[v4(text)] = value
        }
        #expect(table.longestMatch(a4("10.1.2.3"))! == (v4("10.1.2.3/32"), 32))
        #expect(table.longestMatch(a4("10.1.2.4"))?.value == 24)
        #expect(table.longestMatch(a4("10.1.2.200"))?.value == 25)
        #expect(table.longestMatch(a4("10.1.3.0"))?.value == 16)
        #expect(table.longestMatch(a4("10.200.0.1"))?.value == 8)
        #expect(table.longestMatch(a4("11.0.0.1"))! == (v4("0.0.0.0/0"), 0))
        #expect(table.longestMatchValue(a4("10.1.2.3")) == 32)
        #expect(table.longestMatchValue(a4("192.0.2.1")) == 0)
        table[v4("0.0.0.0/0")] = nil
        #expect(table.longestMatch(a4("11.0.0.1")) == nil)
        #expect(table.longestMatchValue(a4("11.0.0.1")) == nil)
    }

    @Test func longestMatchCoveringPrefix() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/8")] = 8
        table[v4("10.1.0.0/16")] = 16
        table[v4("10.1.2.0/24")] = 24
        #expect(table.longestMatch(covering: v4("10.1.2.0/24"))! == (v4("10.1.2.0/24"), 24))  // itself
        #expect(table.longestMatch(covering: v4("10.1.2.0/23"))?.value == 16)
        #expect(table.longestMatch(covering: v4("10.1.2.0/25"))?.value == 24)
        #expect(table.longestMatch(covering: v4("10.0.0.0/15"))?.value == 8)
        #expect(table.longestMatch(covering: v4("10.0.0.0/7")) == nil)
        #expect(table.longestMatch(covering: v4("11.0.0.0/8")) == nil)
        #expect(table.longestMatch(covering: v4("10.1.2.3/32"))?.value == 24)
    }

    @Test func coveringIsShortestFirstAndIncludesItself() {
        var table = IPv4PrefixTable<Int>()
        for text in ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.3.0/24", "10.1.2.0/25", "11.0.0.0/8"] {
            table[v4(text)] = Int(v4(text).length)
        }
        #expect(prefixes(table.covering(v4("10.1.2.0/24"))) == [v4("0.0.0.0/0"), v4("10.0.0.0/8"), v4("10.1.0.0/16"), v4("10.1.2.0/24")])
        #expect(prefixes(table.covering(v4("10.1.2.0/26"))) == [v4("0.0.0.0/0"), v4("10.0.0.0/8"), v4("10.1.0.0/16"),
                                                               v4("10.1.2.0/24"), v4("10.1.2.0/25")])
        #expect(prefixes(table.covering(v4("10.1.0.0/17"))) == [v4("0.0.0.0/0"), v4("10.0.0.0/8"), v4("10.1.0.0/16")])
        #expect(prefixes(table.covering(v4("0.0.0.0/0"))) == [v4("0.0.0.0/0")])
        #expect(table.covering(v4("10.1.2.0/24")).map(\.value) == [0, 8, 16, 24])
    }

    @Test func coveredIsInAddressOrderAndIncludesItself() {
        var table = IPv4PrefixTable<Int>()
        let texts = ["10.1.3.0/24", "10.0.0.0/8", "10.1.2.128/25", "10.1.2.0/24", "10.1.0.0/16", "10.1.2.0/25",
                     "11.0.0.0/8", "9.255.0.0/16", "10.255.255.255/32"]
        for (index, text) in texts.enumerated() { table[v4(text)] = index }
        #expect(prefixes(table.covered(by: v4("10.1.0.0/16"))) == [v4("10.1.0.0/16"), v4("10.1.2.0/24"), v4("10.1.2.0/25"),
                                                                  v4("10.1.2.128/25"), v4("10.1.3.0/24")])
        #expect(prefixes(table.covered(by: v4("10.1.2.0/24"))) == [v4("10.1.2.0/24"), v4("10.1.2.0/25"), v4("10.1.2.128/25")])
        #expect(prefixes(table.covered(by: v4("10.1.2.0/23"))) == [v4("10.1.2.0/24"), v4("10.1.2.0/25"),
                                                                  v4("10.1.2.128/25"), v4("10.1.3.0/24")])
        #expect(table.covered(by: v4("10.0.0.0/8")).count == 7)
        #expect(table.covered(by: v4("10.0.0.0/8")).last?.prefix == v4("10.255.255.255/32"))
        #expect(table.covered(by: v4("12.0.0.0/8")).isEmpty)
        #expect(table.covered(by: v4("10.1.2.0/26")).isEmpty)
        #expect(table.covered(by: v4("0.0.0.0/0")).count == texts.count)
        var visited: [IPv4Prefix] = []
        table.forEachCovered(by: v4("10.1.2.0/24")) { prefix, _ in visited.append(prefix) }
        #expect(visited == [v4("10.1.2.0/24"), v4("10.1.2.0/25"), v4("10.1.2.128/25")])
    }

    @Test func iterationIsInAscendingPrefixOrder() {
        var table = IPv4PrefixTable<Int>()
        let texts = ["192.0.2.0/24", "10.0.0.0/8", "0.0.0.0/0", "10.0.0.0/16", "10.0.0.0/24", "255.255.255.255/32",
                     "10.0.0.0/32", "172.16.0.0/12", "10.128.0.0/9"]
        for (index, text) in texts.enumerated() { table[v4(text)] = index }
        let expected = texts.map(v4).sorted()
        #expect(table.map(\.prefix) == expected)
        #expect(table.underestimatedCount == texts.count)
        #expect(table.description.hasPrefix("[0.0.0.0/0: 2, 10.0.0.0/8: 1, 10.0.0.0/16: 3"))
    }

    // MARK: Value semantics

    @Test func copyThenMutateLeavesTheOriginalUnchanged() {
        var original = IPv4PrefixTable<Int>()
        original[v4("10.0.0.0/8")] = 8
        original[v4("10.1.0.0/16")] = 16
        original[v4("10.1.2.0/24")] = 24
        let snapshot = Array(original)

        var copy = original
        copy[v4("10.0.0.0/8")] = 80  // replace
        copy[v4("192.0.2.0/24")] = 1  // insert
        copy.remove(v4("10.1.0.0/16"))  // remove (collapses nothing: it has a child)
        copy.remove(v4("10.1.2.0/24"))
        #expect(copy.count == 2)
        #expect(original.count == 3)
        #expect(original[v4("10.0.0.0/8")] == 8)
        #expect(original[v4("10.1.0.0/16")] == 16)
        #expect(original[v4("192.0.2.0/24")] == nil)
        #expect(original.longestMatch(a4("10.1.2.3"))?.value == 24)
        #expect(Array(original).elementsEqual(snapshot) { $0 == $1 })

        // And the other way: mutating the original leaves the copy alone.
        var second = original
        original.removeAll()
        #expect(original.isEmpty)
        #expect(second.count == 3)
        second[v4("10.0.0.0/8")] = nil
        #expect(second.count == 2)
    }

    @Test func iteratorKeepsItsOwnCopy() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/8")] = 1
        table[v4("11.0.0.0/8")] = 2
        var iterator = table.makeIterator()
        table.removeAll()
        #expect(iterator.next()?.value == 1)
        #expect(iterator.next()?.value == 2)
        #expect(iterator.next() == nil)
    }

    @Test func equalityIgnoresInsertionOrder() {
        var first = IPv4PrefixTable<Int>()
        var second = IPv4PrefixTable<Int>()
        let entries = [("10.0.0.0/8", 1), ("10.1.0.0/16", 2), ("192.0.2.0/24", 3), ("10.0.0.0/24", 4)]
        for (text, value) in entries { first[v4(text)] = value }
        for (text, value) in entries.reversed() { second[v4(text)] = value }
        second[v4("1.0.0.0/8")] = 9
        second[v4("1.0.0.0/8")] = nil
        #expect(first == second)
        second[v4("10.0.0.0/8")] = 5
        #expect(first != second)
        let built = IPv4PrefixTable(entries.map { (v4($0.0), $0.1) })
        #expect(built == first)
    }

    @Test func isSendableForSendableValues() {
        let table: any Sendable = IPv4PrefixTable<Int>()
        let table6: any Sendable = IPv6PrefixTable<String>()
        #expect(table is IPv4PrefixTable<Int>)
        #expect(table6 is IPv6PrefixTable<String>)
    }

    // MARK: Edges: /0, /32, /128

    @Test func defaultRouteAndHostRoutesIPv4() {
        var table = IPv4PrefixTable<String>()
        table[v4("0.0.0.0/0")] = "default"
        table[v4("0.0.0.0/32")] = "zero"
        table[v4("255.255.255.255/32")] = "broadcast"
        table[v4("255.255.255.254/31")] = "pair"
        #expect(table.longestMatch(a4("0.0.0.0"))?.value == "zero")
        #expect(table.longestMatch(a4("0.0.0.1"))?.value == "default")
        #expect(table.longestMatch(a4("255.255.255.255"))?.value == "broadcast")
        #expect(table.longestMatch(a4("255.255.255.254"))?.value == "pair")
        #expect(table.longestMatch(a4("128.0.0.0"))?.value == "default")
        #expect(prefixes(table.covering(v4("255.255.255.255/32"))) == [v4("0.0.0.0/0"), v4("255.255.255.254/31"),
                                                                       v4("255.255.255.255/32")])
        #expect(table.covered(by: v4("0.0.0.0/0")).count == 4)
        #expect(table.covered(by: v4("255.255.255.255/32")).map(\.value) == ["broadcast"])
        #expect(table.remove(v4("0.0.0.0/0")) == "default")
        #expect(table.longestMatch(a4("128.0.0.0")) == nil)
        #expect(table.longestMatch(a4("0.0.0.0"))?.value == "zero")
        #expect(table.remove(v4("255.255.255.255/32")) == "broadcast")
        #expect(table.longestMatch(a4("255.255.255.255"))?.value == "pair")
        #expect(table.count == 2)
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
        #expect(table.longestMatch(a6("::"))?.value == 1)
        #expect(table.longestMatch(a6("::1"))?.value == 0)
        #expect(table.longestMatch(a6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))?.value == 2)
        #expect(table.longestMatch(a6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"))?.value == 0)
        #expect(table.longestMatch(a6("2001:db8::1"))?.value == 5)
        #expect(table.longestMatch(a6("2001:db8::2"))?.value == 4)
        #expect(table.longestMatch(a6("2001:db8::8000:0:0:1"))?.value == 6)
        #expect(table.longestMatch(a6("2001:db8:1::1"))?.value == 3)
        #expect(table.longestMatch(covering: v6("2001:db8::/48"))?.value == 3)
        #expect(table.covering(v6("2001:db8::1/128")).map(\.value) == [0, 3, 4, 5])
        #expect(table.covered(by: v6("2001:db8::/32")).map(\.value) == [3, 4, 5, 6])
        #expect(table.map(\.value) == [0, 1, 3, 4, 5, 6, 2])
        #expect(table.remove(v6("2001:db8::/64")) == 4)
        #expect(table.longestMatch(a6("2001:db8::2"))?.value == 3)
        #expect(table.remove(v6("::/0")) == 0)
        #expect(table.longestMatch(a6("::1")) == nil)
    }

    // MARK: Structure

    @Test func removalCollapsesBranchNodes() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/24")] = 1
        table[v4("10.0.1.0/24")] = 2
        #expect(table.nodeCount == 3)  // two leaves under the branch 10.0.0.0/23
        table[v4("10.0.0.0/24")] = nil
        #expect(table.nodeCount == 1)  // the branch collapsed into its remaining child
        #expect(table.longestMatch(a4("10.0.1.1"))?.value == 2)
        #expect(table.longestMatch(a4("10.0.0.1")) == nil)

        // A chain of branches: removing leaves collapses them one by one.
        table.removeAll()
        let texts = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.4.0/24", "10.0.8.0/24"]
        for (index, text) in texts.enumerated() { table[v4(text)] = index }
        #expect(table.nodeCount == 2 * texts.count - 1)
        for (index, text) in texts.enumerated() {
            #expect(table.remove(v4(text)) == index)
            let left = texts.count - index - 1
            #expect(table.nodeCount == max(0, 2 * left - 1))
            #expect(table.count == left)
        }
        #expect(table.isEmpty)
    }

    @Test func removingANodeWithOneChildSplicesIt() {
        var table = IPv4PrefixTable<Int>()
        table[v4("10.0.0.0/8")] = 8
        table[v4("10.1.0.0/16")] = 16
        table[v4("10.1.2.0/24")] = 24
        #expect(table.nodeCount == 3)
        #expect(table.remove(v4("10.1.0.0/16")) == 16)
        #expect(table.nodeCount == 2)
        #expect(table.longestMatch(a4("10.1.2.3"))?.value == 24)
        #expect(table.longestMatch(a4("10.1.3.3"))?.value == 8)
        #expect(table.remove(v4("10.0.0.0/8")) == 8)
        #expect(table.nodeCount == 1)
        #expect(table.longestMatch(a4("10.1.2.3"))?.value == 24)
        // A node whose value goes while it keeps two children stays, as a branch node.
        table[v4("10.1.0.0/16")] = 16
        table[v4("10.1.3.0/24")] = 243
        table[v4("10.1.128.0/24")] = 128
        #expect(table.nodeCount == 5)  // /16, the branch 10.1.2.0/23, three /24s
        #expect(table.remove(v4("10.1.0.0/16")) == 16)
        #expect(table.nodeCount == 5)
        #expect(table.longestMatch(a4("10.1.3.3"))?.value == 243)
        #expect(table.longestMatch(a4("10.1.128.3"))?.value == 128)
        #expect(table.longestMatch(a4("10.1.64.3")) == nil)
        #expect(table.remove(v4("10.1.128.0/24")) == 128)
        #expect(table.nodeCount == 3)  // the /16 branch collapsed
    }

    @Test func removedNodesAreReused() {
        var table = IPv4PrefixTable<Int>()
        var rng = SplitMix64(seed: 11)
        let prefixes = (0 ..< 2000).map { _ in RandomPrefixes.ipv4Prefix(&rng) }
        for (index, prefix) in prefixes.enumerated() { table[prefix] = index }
        let footprint = table.memoryFootprint
        for _ in 0 ..< 5 {
            for prefix in prefixes { table[prefix] = nil }
            #expect(table.isEmpty)
            #expect(table.nodeCount == 0)
            for (index, prefix) in prefixes.enumerated() { table[prefix] = index }
        }
        #expect(table.memoryFootprint == footprint)
    }

    // MARK: Randomized comparison with a reference

    @Test func randomizedIPv4MatchesReference() {
        var rng = SplitMix64(seed: 0x5EED_0004)
        var table = IPv4PrefixTable<Int>()
        var reference = ReferencePrefixMap<IPv4Prefix, Int>()
        var inserted: [IPv4Prefix] = []
        // 120,000 inserts and 30,000 removals, interleaved.
        for step in 0 ..< 150_000 {
            if step % 5 == 4, !inserted.isEmpty {
                let prefix = inserted[Int(rng.next() % UInt64(inserted.count))]
                #expect(table.remove(prefix) == reference.remove(prefix))
            } else {
                let prefix = RandomPrefixes.ipv4Prefix(&rng)
                inserted.append(prefix)
                #expect(table.insert(step, for: prefix) == reference.insert(step, for: prefix))
            }
        }
        #expect(table.count == reference.count)
        #expect(table.nodeCount <= max(0, 2 * table.count - 1))
        #expect(table.map(\.prefix) == reference.sorted.map(\.prefix))
        #expect(table.map(\.value) == reference.sorted.map(\.value))

        var mismatches = 0
        for index in 0 ..< 100_000 {
            let address = index % 2 == 0 ? RandomPrefixes.ipv4Address(&rng)
                : RandomPrefixes.address(in: inserted[Int(rng.next() % UInt64(inserted.count))], &rng)
            let expected = reference.longestMatch(address)
            let actual = table.longestMatch(address)
            if expected?.prefix != actual?.prefix || expected?.value != actual?.value
                || table.longestMatchValue(address) != expected?.value {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)

        var walkMismatches = 0
        for index in 0 ..< 20_000 {
            let prefix = index % 2 == 0 ? RandomPrefixes.ipv4Prefix(&rng) : inserted[Int(rng.next() % UInt64(inserted.count))]
            if table[prefix] != reference.entries[prefix] { walkMismatches += 1 }
            let covering = table.covering(prefix)
            let expectedCovering = reference.covering(prefix)
            if prefixes(covering) != prefixes(expectedCovering) || covering.map(\.value) != expectedCovering.map(\.value) {
                walkMismatches += 1
            }
            if table.longestMatch(covering: prefix)?.prefix != expectedCovering.last?.prefix { walkMismatches += 1 }
            if index % 100 == 0 {
                let covered = table.covered(by: prefix)
                let expectedCovered = reference.covered(by: prefix)
                if prefixes(covered) != prefixes(expectedCovered) || covered.map(\.value) != expectedCovered.map(\.value) {
                    walkMismatches += 1
                }
            }
        }
        #expect(walkMismatches == 0)
    }

    @Test func randomizedIPv6MatchesReference() {
        var rng = SplitMix64(seed: 0x5EED_0006)
        var table = IPv6PrefixTable<Int>()
        var reference = ReferencePrefixMap<IPv6Prefix, Int>()
        var inserted: [IPv6Prefix] = []
        for step in 0 ..< 125_000 {
            if step % 5 == 4, !inserted.isEmpty {
                let prefix = inserted[Int(rng.next() % UInt64(inserted.count))]
                #expect(table.remove(prefix) == reference.remove(prefix))
            } else {
                let prefix = RandomPrefixes.ipv6Prefix(&rng)
                inserted.append(prefix)
                #expect(table.insert(step, for: prefix) == reference.insert(step, for: prefix))
            }
        }
        #expect(table.count == reference.count)
        #expect(table.nodeCount <= max(0, 2 * table.count - 1))
        #expect(table.map(\.prefix) == reference.sorted.map(\.prefix))

        var mismatches = 0
        for index in 0 ..< 100_000 {
            let address = index % 2 == 0 ? RandomPrefixes.ipv6Address(&rng)
                : RandomPrefixes.address(in: inserted[Int(rng.next() % UInt64(inserted.count))], &rng)
            let expected = reference.longestMatch(address)
            let actual = table.longestMatch(address)
            if expected?.prefix != actual?.prefix || expected?.value != actual?.value { mismatches += 1 }
        }
        #expect(mismatches == 0)

        var walkMismatches = 0
        for index in 0 ..< 10_000 {
            let prefix = index % 2 == 0 ? RandomPrefixes.ipv6Prefix(&rng) : inserted[Int(rng.next() % UInt64(inserted.count))]
            if table[prefix] != reference.entries[prefix] { walkMismatches += 1 }
            if prefixes(table.covering(prefix)) != prefixes(reference.covering(prefix)) { walkMismatches += 1 }
            if index % 50 == 0, prefixes(table.covered(by: prefix)) != prefixes(reference.covered(by: prefix)) {
                walkMismatches += 1
            }
        }
        #expect(walkMismatches == 0)
    }

    // MARK: RoutablePrefix helpers

    @Test func bitsAndTruncation() {
        let address = a4("10.1.2.3")  // 00001010 00000001 00000010 00000011
        #expect(IPv4Prefix.bits(of: address, at: 0, count: 8) == 10)
        #expect(IPv4Prefix.bits(of: address, at: 4, count: 4) == 0b1010)
        #expect(IPv4Prefix.bits(of: address, at: 30, count: 6) == 0b11_0000)  // bits past /32 read as 0
        #expect(IPv4Prefix.bits(of: address, at: 32, count: 6) == 0)
        #expect(IPv4Prefix.bits(of: address, at: 200, count: 6) == 0)
        #expect(IPv4Prefix.bit(of: address, at: 4) == 1)
        #expect(IPv4Prefix.bit(of: address, at: 5) == 0)
        #expect(IPv4Prefix.bits(of: a4("255.255.255.255"), at: 0, count: 32) == 0xFFFF_FFFF)
        #expect(v4("10.1.2.0/24").truncated(to: 8) == v4("10.0.0.0/8"))
        #expect(v4("10.1.2.0/24").truncated(to: 0) == v4("0.0.0.0/0"))
        #expect(v4("10.1.2.0/24").commonLength(with: v4("10.1.3.0/24")) == 23)
        #expect(v4("10.1.2.0/24").commonLength(with: v4("10.0.0.0/8")) == 8)
        #expect(v4("10.1.2.0/24").commonLength(with: v4("10.1.2.0/24")) == 24)
        #expect(v4("0.0.0.0/32").commonLength(with: v4("0.0.0.0/32")) == 32)
        #expect(IPv4Prefix(containing: address, length: 16) == v4("10.1.0.0/16"))
        #expect(IPv4Prefix(host: address) == v4("10.1.2.3/32"))

        let six = a6("2001:db8:8000::1")
        #expect(IPv6Prefix.bits(of: six, at: 0, count: 16) == 0x2001)
        #expect(IPv6Prefix.bits(of: six, at: 60, count: 8) == 0)  // straddles the two halves
        #expect(IPv6Prefix.bits(of: a6("::f:f000:0:0:0"), at: 60, count: 8) == 0xFF)
        #expect(IPv6Prefix.bits(of: six, at: 32, count: 1) == 1)
        #expect(IPv6Prefix.bits(of: six, at: 124, count: 6) == 0b00_0100)  // bits past /128 read as 0
        #expect(IPv6Prefix.bits(of: six, at: 128, count: 6) == 0)
        #expect(IPv6Prefix.bits(of: six, at: 64, count: 32) == 0)
        #expect(v6("2001:db8:8000::/33").truncated(to: 32) == v6("2001:db8::/32"))
        #expect(v6("2001:db8::/32").commonLength(with: v6("2001:db9::/32")) == 31)
        #expect(v6("::1/128").commonLength(with: v6("::/128")) == 127)
        #expect(v6("::1/128").commonLength(with: v6("::1/128")) == 128)
        #expect(IPv6Prefix(containing: six, length: 33) == v6("2001:db8:8000::/33"))
    }
}
