import NetworkPrimitives

/// `transit-bgp-bench lpm`: longest-prefix match over a full IPv4 table, with the `PrefixTable` trie
/// and with the compiled `LPMSnapshot`.
///
/// The table is the codec benchmark's realistic mix (`RealisticTable`, 50,000 attribute sets); each
/// prefix's value is its attribute-set index (a `UInt32`). The lookup addresses are uniformly random
/// 32-bit values from SplitMix64, generated before any timing. Before timing, the snapshot is checked
/// against the trie on a sample of lookups; any disagreement fails the run.
///
/// Figures (each the median of `--runs` runs):
/// - `trie_lookups_per_s`: `PrefixTable.longestMatchValue(_:)`, one call per address.
/// - `snapshot_lookups_per_s`: `LPMSnapshot.lookup(_:into:)`, the batched forwarding path (64 lookups
///   interleaved step by step), over all the addresses.
/// - `snapshot_single_lookups_per_s`: `LPMSnapshot.lookup(_:)`, one call per address.
/// - `snapshot_build_s`, `snapshot_bytes`: building from the trie, and `LPMSnapshot.byteCount`.
/// - `snapshot_vs_trie_ratio`: batched snapshot lookups per trie lookup, measured in the same run.
///
/// The target (issue 14): 100 M lookups/s in at most 16 MiB.
enum LPMBenchmark {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func run(arguments: [String]) throws {
        let prefixCount = intOption(arguments, "--prefixes") ?? 1_000_000
        let lookupCount = intOption(arguments, "--lookups") ?? 10_000_000
        let runs = max(1, intOption(arguments, "--runs") ?? 3)
        let skipTrie = arguments.contains("--snapshot-only")  // for profiling the snapshot alone
        let realistic = RealisticTable(prefixes: prefixCount, attributeSets: 50_000)

        var table = IPv4PrefixTable<UInt32>()
        table.reserveCapacity(prefixCount)
        let insertSeconds = measure {
            for (group, prefixes) in realistic.groups.enumerated() {
                for prefix in prefixes { table.insert(UInt32(group), for: prefix) }
            }
        }
        guard table.count == prefixCount else {
            throw Mismatch(description: "lpm: the trie holds \(table.count) of \(prefixCount) prefixes")
        }
        print("lpm: \(prefixCount) prefixes inserted in \(rounded(insertSeconds)) s; trie: \(table.nodeCount) nodes,"
            + " \(table.memoryFootprint) bytes allocated (\(rounded(Double(table.memoryFootprint) / Double(prefixCount))) per prefix)")

        var snapshot = IPv4LPMSnapshot(table)
        var buildTimes: [Double] = []
        for _ in 0 ..< runs {
            buildTimes.append(measure { snapshot = IPv4LPMSnapshot(table) })
        }
        print("lpm: snapshot: \(snapshot.recordCount) records, \(snapshot.byteCount) bytes,"
            + " \(snapshot.valueCount) distinct values (\(snapshot.valueCount * MemoryLayout<UInt32?>.stride) bytes, not counted)")

        var rng = SplitMix64(seed: 0x4C50_4D31)
        var addresses = [IPv4Address]()
        addresses.reserveCapacity(lookupCount)
        for _ in 0 ..< lookupCount {
            addresses.append(IPv4Address(rawValue: UInt32(truncatingIfNeeded: rng.next())))
        }
        var results = [UInt32?](repeating: nil, count: lookupCount)

        try verify(table: table, snapshot: snapshot, realistic: realistic, addresses: addresses)

        var trieTimes: [Double] = []
        var batchTimes: [Double] = []
        var singleTimes: [Double] = []
        var trieChecksum: UInt64 = 0
        var batchChecksum: UInt64 = 0
        var singleChecksum: UInt64 = 0
        for _ in 0 ..< runs {
            if !skipTrie { trieTimes.append(measure { trieChecksum = trieLookups(table, addresses) }) }
            batchTimes.append(measure { batchChecksum = batchLookups(snapshot, addresses, &results) })
            singleTimes.append(measure { singleChecksum = singleLookups(snapshot, addresses) })
        }
        guard skipTrie || trieChecksum == batchChecksum, singleChecksum == batchChecksum else {
            throw Mismatch(description: "lpm: MISMATCH: the sums of the looked-up values differ: trie \(trieChecksum),"
                + " snapshot batched \(batchChecksum), snapshot single \(singleChecksum)")
        }
        print("lpm: \(lookupCount) random lookups per run (value sum \(batchChecksum))")
        if !skipTrie { print("lpm: trie lookups/s per run: " + rates(trieTimes, lookupCount)) }
        print("lpm: snapshot batched lookups/s per run: " + rates(batchTimes, lookupCount))
        print("lpm: snapshot single lookups/s per run: " + rates(singleTimes, lookupCount))
        if !skipTrie { figure("trie_lookups_per_s", Double(lookupCount) / median(trieTimes), "lookups/s") }
        figure("snapshot_lookups_per_s", Double(lookupCount) / median(batchTimes), "lookups/s")
        figure("snapshot_single_lookups_per_s", Double(lookupCount) / median(singleTimes), "lookups/s")
        figure("snapshot_build_s", median(buildTimes), "s")
        figure("snapshot_bytes", Double(snapshot.byteCount), "bytes")
        if !skipTrie { figure("snapshot_vs_trie_ratio", median(trieTimes) / median(batchTimes), "x") }
    }

    /// Sums the looked-up values (missing routes count as 0) so no lookup can be optimized away.
    @inline(never)
    static func trieLookups(_ table: IPv4PrefixTable<UInt32>, _ addresses: [IPv4Address]) -> UInt64 {
        var sum: UInt64 = 0
        for address in addresses {
            sum &+= UInt64(table.longestMatchValue(address) ?? 0)
        }
        return sum
    }

    /// The batched forwarding path, `lookup(_:into:)`, into a preallocated result array, then the sum.
    @inline(never)
    static func batchLookups(_ snapshot: IPv4LPMSnapshot<UInt32>, _ addresses: [IPv4Address], _ results: inout [UInt32?]) -> UInt64 {
        addresses.withUnsafeBufferPointer { addresses in
            results.withUnsafeMutableBufferPointer { snapshot.lookup(addresses, into: $0) }
        }
        var sum: UInt64 = 0
        for value in results { sum &+= UInt64(value ?? 0) }
        return sum
    }

    /// One `lookup(_:)` call per address.
    @inline(never)
    static func singleLookups(_ snapshot: IPv4LPMSnapshot<UInt32>, _ addresses: [IPv4Address]) -> UInt64 {
        var sum: UInt64 = 0
        for address in addresses {
            sum &+= UInt64(snapshot.lookup(address) ?? 0)
        }
        return sum
    }

    /// Checks, outside any timing, that the snapshot (single and batched) and the trie agree on the
    /// first 200,000 random addresses and on the first, last and a middle address of every 16th prefix.
    static func verify(
        table: IPv4PrefixTable<UInt32>, snapshot: IPv4LPMSnapshot<UInt32>, realistic: RealisticTable,
        addresses: [IPv4Address]
    ) throws {
        var sample = Array(addresses.prefix(200_000))
        for (index, prefix) in realistic.groups.joined().enumerated() where index % 16 == 0 {
            sample.append(prefix.address)
            sample.append(prefix.lastAddress)
            sample.append(IPv4Address(rawValue: prefix.address.rawValue | (~IPv4Prefix.mask(Int(prefix.length)) >> 1)))
        }
        let batched = snapshot.lookup(sample)
        var routed = 0
        for (address, fromBatch) in zip(sample, batched) {
            let expected = table.longestMatch(address)
            let actual = snapshot.lookup(address)
            guard expected?.value == actual, fromBatch == actual else {
                throw Mismatch(description: "lpm: MISMATCH for \(address): trie says \(expected.map { "\($0.prefix) -> \($0.value)" } ?? "no route"),"
                    + " snapshot says \(actual.map(String.init) ?? "no route"), batched \(fromBatch.map(String.init) ?? "no route")")
            }
            if actual != nil { routed += 1 }
        }
        print("lpm: verified \(sample.count) lookups (\(routed) routed): snapshot and trie agree")
    }

    static func rates(_ times: [Double], _ count: Int) -> String {
        times.map { String((Double(count) / $0 / 1e5).rounded() / 10) + "M" }.joined(separator: " ")
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
