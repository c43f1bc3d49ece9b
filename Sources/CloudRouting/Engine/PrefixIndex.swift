import ConnectionParameters
import NetworkPrimitives

/// The one prefix-keyed map of a route table: IPv4 prefix → slot of the table's dense record array.
///
/// Open addressing with linear probing and backward-shift deletion over one `UInt32` per bucket: an
/// 8-bit fingerprint of the prefix's hash above the slot number plus one (24 bits; 0 is an empty
/// bucket). The prefix itself lives only in the table's record, which the caller reads for the index
/// (`prefixAt`): a probe compares fingerprints and reads a record only when one matches (a hit, or
/// one false match in 256). Four octets a bucket instead of eight halve the index (8 MiB for a full
/// table of 1,000,000 prefixes). Hashing is one multiplication (Fibonacci hashing), not SipHash: the
/// key is a trusted five-octet value.
///
/// - Complexity: O(1) expected for every operation at the load factor kept (at most 3/4).
struct PrefixIndex: Sendable {
    private static let slotMask: UInt32 = (1 << 24) - 1
    /// The most records a table can address (a slot is stored plus one, in 24 bits).
    static let maximumSlots = Int(slotMask) - 1

    private var buckets: [UInt32]
    private var shift: UInt64
    private(set) var count = 0
    /// How many prefixes a caller passes to ``prefetch(_:)`` at a time.
    static let prefetchGroup = 32
    /// Where ``prefetch(_:)`` leaves what it read, so its loads are not optimised away.
    private var sink: UInt32 = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 / 4 < capacity { size <<= 1 }
        buckets = [UInt32](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// The prefix as one integer: 32 address bits above 6 length bits.
    @inline(__always)
    static func key(_ prefix: IPv4Prefix) -> UInt64 {
        UInt64(prefix.address.rawValue) << 6 | UInt64(prefix.length)
    }

    @inline(__always)
    private static func hash(_ prefix: IPv4Prefix) -> UInt64 {
        key(prefix) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Bits 32–39 of the hash, in the bucket's top octet (the home uses the top bits, 40 and up for
    /// tables up to 2^24 buckets).
    @inline(__always)
    private static func fingerprint(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 8) & ~slotMask
    }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> shift)
    }

    @inline(__always)
    private static func slot(_ bucket: UInt32) -> Int32 {
        Int32(truncatingIfNeeded: bucket & slotMask) - 1
    }

    /// The bucket holding `prefix`, or `nil`.
    @inline(__always)
    private func bucket(of prefix: IPv4Prefix, _ prefixAt: (Int32) -> IPv4Prefix) -> Int? {
        let hash = PrefixIndex.hash(prefix)
        let fingerprint = PrefixIndex.fingerprint(hash)
        return buckets.withUnsafeBufferPointer { buckets in
            let mask = buckets.count - 1
            var i = home(hash)
            while true {
                let bucket = buckets[i]
                if bucket == 0 { return nil }
                if bucket & ~PrefixIndex.slotMask == fingerprint && prefixAt(PrefixIndex.slot(bucket)) == prefix { return i }
                i = (i + 1) & mask
            }
        }
    }

    /// The slot of `prefix`, or `nil`; `prefixAt` gives the prefix of a slot's record.
    @inline(__always)
    func slot(of prefix: IPv4Prefix, prefixAt: (Int32) -> IPv4Prefix) -> Int32? {
        bucket(of: prefix, prefixAt).map { PrefixIndex.slot(buckets[$0]) }
    }

    /// Reads the home buckets of `prefixes` one after the other, so that their cache misses overlap
    /// (the loads do not depend on each other) and the probes that follow find them in cache. Call it
    /// on a few (8 to 32) prefixes at a time, just before looking them up.
    @inline(__always)
    mutating func prefetch<Prefixes: Sequence<IPv4Prefix>>(_ prefixes: Prefixes) {
        var sink = self.sink
        buckets.withUnsafeBufferPointer { buckets in
            for prefix in prefixes { sink ^= buckets[home(PrefixIndex.hash(prefix))] }
        }
        self.sink = sink
    }

    /// Whether the next insertion needs more buckets: the table calls ``grow(entries:)`` first.
    var isFull: Bool { (count + 1) * 4 > buckets.count * 3 }

    /// Records `prefix` at `slot` (the prefix must not be present, and the index not ``isFull``).
    mutating func insert(_ prefix: IPv4Prefix, slot: Int32) {
        precondition(slot >= 0 && Int(slot) < PrefixIndex.maximumSlots, "a route table holds at most \(PrefixIndex.maximumSlots) prefixes")
        precondition(!isFull, "grow the index before inserting")
        let hash = PrefixIndex.hash(prefix)
        place(PrefixIndex.fingerprint(hash) | UInt32(slot + 1), home: home(hash))
        count += 1
    }

    @inline(__always)
    private mutating func place(_ bucket: UInt32, home: Int) {
        let mask = buckets.count - 1
        var i = home
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = bucket
    }

    /// Doubles the buckets and files `entries` again: every (prefix, slot) the index holds, which
    /// the table gives from its records in slot order (read in sequence; the buckets alone cannot
    /// say where an entry goes in a larger table). A large table files them in two passes: first
    /// sorted by the top eight bits of their home (a counting sort: 256 sequential streams), then
    /// placed in that order, so each run of placements stays within 1/256 of the buckets (in cache)
    /// instead of missing it at every entry.
    mutating func grow<Entries: Collection<(IPv4Prefix, Int32)>>(entries: Entries) {
        buckets = [UInt32](repeating: 0, count: buckets.count * 2)
        shift -= 1
        let homeBits = buckets.count.trailingZeroBitCount
        guard homeBits >= 16 else {
            var filed = 0
            for (prefix, slot) in entries {
                let hash = PrefixIndex.hash(prefix)
                place(PrefixIndex.fingerprint(hash) | UInt32(slot + 1), home: home(hash))
                filed += 1
            }
            precondition(filed == count, "grow(entries:) must be given every entry of the index")
            return
        }
        // Counts per partition first, then each entry (its home above its bucket value) written to
        // its partition's run: the entries are read twice (in sequence) rather than staged.
        let partitionShift = homeBits - 8
        var starts = [Int](repeating: 0, count: 257)
        for (prefix, _) in entries { starts[home(PrefixIndex.hash(prefix)) >> partitionShift + 1] += 1 }
        for partition in 0 ..< 256 { starts[partition + 1] += starts[partition] }
        precondition(starts[256] == count, "grow(entries:) must be given every entry of the index")
        let begins = starts
        let total = count
        let sorted = [UInt64](unsafeUninitializedCapacity: total) { sorted, initialized in
            for (prefix, slot) in entries {
                let hash = PrefixIndex.hash(prefix)
                let home = home(hash)
                let partition = home >> partitionShift
                sorted.initializeElement(at: starts[partition], to: UInt64(home) << 32 | UInt64(PrefixIndex.fingerprint(hash) | UInt32(slot + 1)))
                starts[partition] += 1
            }
            // Every position below `total` was written once (the counts add up to it).
            initialized = total
        }
        var sink = self.sink
        for partition in 0 ..< 256 {
            // The partition's buckets are read in order first (the hardware prefetcher streams
            // them in), so the placements in random order within them hit the cache.
            buckets.withUnsafeBufferPointer { buckets in
                for i in stride(from: partition << partitionShift, to: (partition + 1) << partitionShift, by: 16) { sink ^= buckets[i] }
            }
            for entry in sorted[begins[partition] ..< begins[partition + 1]] {
                place(UInt32(truncatingIfNeeded: entry), home: Int(truncatingIfNeeded: entry >> 32))
            }
        }
        self.sink = sink
    }

    /// Forgets `prefix`; returns its slot. The records of the entries that follow it in its probe run
    /// are read (their homes), so they must still hold their prefixes.
    @discardableResult
    mutating func remove(_ prefix: IPv4Prefix, prefixAt: (Int32) -> IPv4Prefix) -> Int32? {
        guard let i = bucket(of: prefix, prefixAt) else { return nil }
        let mask = buckets.count - 1
        let slot = PrefixIndex.slot(buckets[i])
        // Backward-shift deletion: move later members of the probe run into the hole.
        var hole = i
        var j = (i + 1) & mask
        while buckets[j] != 0 {
            let want = home(PrefixIndex.hash(prefixAt(PrefixIndex.slot(buckets[j]))))
            // `j`'s entry may move to `hole` when its home is not cyclically in (hole, j].
            let distanceToJ = (j - want) & mask
            let distanceToHole = (hole - want) & mask
            if distanceToHole < distanceToJ {
                buckets[hole] = buckets[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        buckets[hole] = 0
        count -= 1
        return slot
    }
}

extension ContiguousArray {
    /// Appends a table record. A large record array grows fourfold rather than twofold: each growth
    /// copies every record into a new buffer, so fewer growths copy a third as much; the capacity
    /// not yet used is address space only (its pages are not touched, so not resident).
    @inline(__always)
    mutating func appendRecord(_ record: Element) {
        if count == capacity && count >= 1 << 16 { reserveCapacity(count * 4) }
        append(record)
    }
}
