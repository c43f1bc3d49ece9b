// A compiled, read-only longest-prefix-match structure for forwarding lookups (RFC 1812 §5.2.4.3).

/// A read-only longest-prefix-match table compiled in one batch from a ``PrefixTable``, for fast
/// forwarding lookups.
///
/// ## Layout
///
/// A multibit trie in the style of Poptrie (Asai and Ohara, SIGCOMM 2015): direct pointing on the
/// top `d` address bits, then 64-way nodes ("records") whose slots are compressed into runs with a
/// bitmap and `popcount`, the bitmap and the leaves side by side.
///
/// - A **record** covers 6 address bits (64 slots). The records live in one array of 16-bit
///   *halfwords*; a record at halfword offset `o` starts with a 64-bit run bitmap (bit `i` set when
///   slot `i` starts a new run of equal slots; bit 0 is always set), followed by one **leaf** per run
///   (`w` halfwords each: 16-bit leaves, or 32-bit leaves when there are more than 65,472 distinct
///   values): slot `i` reads the leaf of run `popcount(bitmap & (2 << i) - 1)`. After the leaves come
///   the 32-bit offsets of the record's child records, one per child run. Records are packed into
///   64-octet lines (best fit) so that a record of up to 64 octets never straddles two: reading the
///   bitmap brings in the leaf.
/// - A leaf is an index into the value array (0 holds `nil`: no route), or, from ``childBase`` up,
///   child `j = leaf - childBase` of the record: the record for a prefix longer than the slot, which
///   consumes the next 6 bits. A child record with a single run is never made: its slot holds the
///   run's leaf instead.
/// - The **direct table** maps the top `d` bits (a *region*) to the region's record: offset =
///   `groupBase[region >> 4] + delta[region]`, a `UInt32` per 16 regions plus a `UInt16` per region
///   (a group's records are close together). d = 18 for IPv4 and 16 for IPv6 from 65,536 prefixes up,
///   12 and 10 below; IPv4 levels then end at /24 and /30.
/// - Values are deduplicated when `Value: Hashable` (a forwarding table has few distinct next hops),
///   so equal neighbouring slots merge into one run even when different prefixes produced them.
///
/// Why: a full IPv4 table is about 60% /24, so nearly every lookup is *direct table → one record →
/// value*. A record costs 8 + 2 × runs octets (16-bit leaves), where DIR-24-8 spends 128 octets on a
/// /18's 64 /24 entries (32 MiB in all). With the 1,000,000-prefix realistic IPv4 table of
/// `transit-bgp-bench lpm` (50,000 distinct values) the snapshot is 7.0 MiB (7,291,456 octets; 32-bit
/// leaves took 11.4 MiB): small enough to stay mostly in the last-level cache, which is what lookup
/// speed depends on once the lookups are batched (see ``lookup(_:into:)``).
///
/// Speed: within one lookup, bitmap → popcount → leaf → value is a serial chain, so a loop of
/// ``lookup(_:)`` calls overlaps only a few cache misses. ``lookup(_:into:)`` does 64 lookups a step
/// at a time so that their misses overlap. (The package builds for baseline x86-64, without the
/// `popcnt` instruction, so `nonzeroBitCount` is a dozen instructions.)
///
/// ``byteCount`` counts the records, their padding and the direct table; the value array (one entry
/// per distinct value, ``valueCount``) is excluded.
///
/// Lookups read the arrays through unsafe pointers. Every offset a lookup can reach is proven in
/// bounds once, when the snapshot is built (`validate()`), so no address can make a lookup read
/// outside them.
///
/// - Complexity: ``lookup(_:)`` is O(W / 6) for W-bit addresses: at most ⌈(W − d) / 6⌉ records
///   (IPv4: 3 with d = 18, IPv6: 19 with d = 16), and 1 for IPv4 prefixes up to /24; no allocation.
///   Building is O(2^d + 64 × n) time for n trie nodes; the size is 2.25 × 2^d octets plus
///   8 + w × 2 × runs + 4 × children octets per record plus line padding.
public struct LPMSnapshot<Prefix: RoutablePrefix, Value> {
    /// log2 of the number of regions per group in the direct table.
    @usableFromInline static var groupShift: Int { 4 }

    /// The records, at halfword offsets counted from `halfwords[origin]`, which sits on a 64-octet boundary.
    @usableFromInline let halfwords: ContiguousArray<UInt16>
    /// The index in `halfwords` of offset 0.
    @usableFromInline let origin: Int
    /// The offset of each group's first record.
    @usableFromInline let groupBase: ContiguousArray<UInt32>
    /// Each region's record offset, relative to its group's base.
    @usableFromInline let delta: ContiguousArray<UInt16>
    /// The values leaves point to; `values[0]` is `nil`.
    @usableFromInline let values: ContiguousArray<Value?>
    /// The number of top address bits that select a region.
    @usableFromInline let directBits: Int
    /// The halfwords per leaf: 1 (16-bit leaves) or 2 (32-bit leaves).
    @usableFromInline let leafWidth: Int
    /// The first leaf that names a child record rather than a value.
    @usableFromInline let childBase: UInt32
    /// The number of prefixes the snapshot was built from.
    public let count: Int
    /// The number of records, for sizing reports.
    public let recordCount: Int

    /// Compiles `table`, one value entry per prefix, choosing the direct-table width from its size.
    /// (When `Value` is `Hashable`, the overload that deduplicates values is chosen instead.)
    /// - Complexity: O(2^d + 64 × n) for n trie nodes.
    @inlinable
    public init(_ table: PrefixTable<Prefix, Value>) {
        self.init(table, directBits: LPMSnapshot.defaultDirectBits(table.count))
    }

    /// Compiles `table` with one value entry per prefix and the top `directBits` (1...24) address
    /// bits selecting a region of the direct table.
    @inlinable
    public init(_ table: PrefixTable<Prefix, Value>, directBits: Int) {
        var values = ContiguousArray<Value?>()
        values.reserveCapacity(table.values.count + 1)
        values.append(nil)
        for value in table.values { values.append(value) }
        let leaves = ContiguousArray((0 ..< table.values.count).lazy.map { UInt32(truncatingIfNeeded: $0 + 1) })
        self.init(table, directBits: directBits, values: values, leafOfSlot: leaves)
    }

    @inlinable
    init(_ table: PrefixTable<Prefix, Value>, directBits: Int, values: ContiguousArray<Value?>,
         leafOfSlot: ContiguousArray<UInt32>) {
        precondition((1...24).contains(directBits), "directBits must be 1...24, not \(directBits)")
        let leafWidth = values.count <= Int(LPMSnapshot.childBase(leafWidth: 1)) ? 1 : 2
        let childBase = LPMSnapshot.childBase(leafWidth: leafWidth)
        precondition(values.count <= Int(childBase), "LPMSnapshot is limited to \(childBase) values")
        var builder = LPMSnapshotBuilder<Prefix, Value>(
            table: table, directBits: directBits, leafOfSlot: leafOfSlot, leafWidth: leafWidth, childBase: childBase)
        builder.build()
        // Offset 0 goes on a 64-octet boundary: the array never changes after this, so neither does its address.
        var origin = 0
        let deep = builder.deep.halfwords
        let top = builder.top.halfwords
        self.halfwords = ContiguousArray(unsafeUninitializedCapacity: deep.count + top.count + 32) { buffer, initialized in
            let address = UInt(bitPattern: buffer.baseAddress)
            origin = Int((64 - address % 64) % 64) / MemoryLayout<UInt16>.stride
            buffer.initialize(repeating: 0)
            for (index, halfword) in deep.enumerated() { buffer[origin + index] = halfword }
            for (index, halfword) in top.enumerated() { buffer[origin + deep.count + index] = halfword }
            initialized = buffer.count
        }
        self.origin = origin
        self.groupBase = ContiguousArray(builder.groupBase.lazy.map { $0 + UInt32(deep.count) })
        self.delta = builder.delta
        self.values = values
        self.directBits = directBits
        self.leafWidth = leafWidth
        self.childBase = childBase
        self.count = table.count
        self.recordCount = builder.deepRecords.count + builder.topRecords.count
        validate(records: builder.deepRecords + builder.topRecords.map { $0 + deep.count })
    }

    /// The first child leaf for leaves of `leafWidth` halfwords: the top 64 leaf values name the (up to
    /// 64) children of a record.
    @inlinable
    static func childBase(leafWidth: Int) -> UInt32 {
        leafWidth == 1 ? 0x1_0000 - 64 : UInt32.max - 63
    }

    @inlinable
    static func defaultDirectBits(_ count: Int) -> Int {
        let large = count >= 65_536
        return Prefix.maxLength <= 32 ? (large ? 18 : 12) : (large ? 16 : 10)
    }

    /// Whether the snapshot holds no prefixes.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The octets of the compiled structure: the records (with their alignment padding) and the direct
    /// table. Excludes the value array (``valueCount`` entries of `MemoryLayout<Value?>.stride` octets).
    public var byteCount: Int {
        halfwords.count * MemoryLayout<UInt16>.stride + groupBase.count * MemoryLayout<UInt32>.stride
            + delta.count * MemoryLayout<UInt16>.stride
    }

    /// The number of entries in the value array: distinct values (or prefixes) plus the `nil` entry.
    public var valueCount: Int { values.count }

    /// The value of the most specific prefix containing `address`, or `nil` when none does.
    /// - Complexity: O(W / 6) for W-bit addresses (one record for IPv4 matches up to /24); no allocation.
    @inlinable
    public func lookup(_ address: Prefix.Address) -> Value? {
        let leaf = self.leaf(for: address)
        return values.withUnsafeBufferPointer { values in
            // In bounds: validate() proved every value leaf is < values.count.
            values[Int(truncatingIfNeeded: leaf)]
        }
    }

    /// The value index for `address` (0 for no route).
    @inlinable
    func leaf(for address: Prefix.Address) -> UInt32 {
        withRecords { records in
            var record = firstRecord(address)
            var offset = directBits
            while true {
                let bitmap = Self.bitmap(records, record)
                let leaf = self.leaf(records, record, bitmap: bitmap, slot: Prefix.bits(of: address, at: offset, count: 6))
                if leaf < childBase { return leaf }
                record = child(records, record, bitmap: bitmap, leaf: leaf)
                offset &+= 6
            }
        }
    }

    /// Calls `body` with a pointer to record offset 0.
    @inlinable
    func withRecords<R>(_ body: (UnsafeRawPointer) -> R) -> R {
        halfwords.withUnsafeBufferPointer { buffer in
            // `halfwords` is never empty (it holds at least the padding and one record per group).
            body(UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped + origin))
        }
    }

    /// The offset of the record of the region `address` is in.
    @inlinable
    func firstRecord(_ address: Prefix.Address) -> Int {
        let region = Prefix.bits(of: address, at: 0, count: directBits)
        return groupBase.withUnsafeBufferPointer { groupBase in
            delta.withUnsafeBufferPointer { delta in
                // In bounds: region < 2^directBits = delta.count, and region >> groupShift < groupBase.count.
                Int(truncatingIfNeeded: groupBase[region &>> LPMSnapshot.groupShift])
                    &+ Int(truncatingIfNeeded: delta[region])
            }
        }
    }

    /// The run bitmap of the record at `record`.
    @inlinable
    static func bitmap(_ records: UnsafeRawPointer, _ record: Int) -> UInt64 {
        // In bounds: validate() proved record + 4 ≤ the number of record halfwords.
        records.loadUnaligned(fromByteOffset: record &* 2, as: UInt64.self)
    }

    /// The leaf of `slot` (0..<64) in the record at `record`, whose run bitmap is `bitmap`.
    @inlinable
    func leaf(_ records: UnsafeRawPointer, _ record: Int, bitmap: UInt64, slot: Int) -> UInt32 {
        // rank: the number of runs up to and including the slot, 1...64.
        let rank = (bitmap & (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- slot))).nonzeroBitCount
        // In bounds: validate() proved every run's leaf lies inside the record halfwords.
        let at = (record &+ 4 &+ leafWidth &* (rank &- 1)) &* 2
        if leafWidth == 1 { return UInt32(truncatingIfNeeded: records.load(fromByteOffset: at, as: UInt16.self)) }
        return records.loadUnaligned(fromByteOffset: at, as: UInt32.self)
    }

    /// The offset of the child record that the child leaf `leaf` of the record at `record` names.
    @inlinable
    func child(_ records: UnsafeRawPointer, _ record: Int, bitmap: UInt64, leaf: UInt32) -> Int {
        let at = record &+ 4 &+ leafWidth &* bitmap.nonzeroBitCount &+ 2 &* Int(truncatingIfNeeded: leaf &- childBase)
        // In bounds: validate() proved it for every child leaf.
        return Int(truncatingIfNeeded: records.loadUnaligned(fromByteOffset: at &* 2, as: UInt32.self))
    }

    /// The number of lookups ``lookup(_:into:)`` interleaves.
    @inlinable static var batchSize: Int { 64 }

    /// Looks up every address of `addresses`, writing the result for `addresses[i]` to `results[i]`;
    /// the same results as calling ``lookup(_:)`` for each, but several times faster when the structure
    /// does not fit in cache. The lookups go in batches of 64, one step at a time for the whole batch:
    /// all direct-table reads, then all record bitmaps, then all leaves, then all values. Each step is
    /// a few instructions around one independent load, so the out-of-order core keeps the batch's cache
    /// misses in flight together instead of stalling on the data-dependent chain of each lookup.
    /// - Precondition: `results.count >= addresses.count`.
    /// - Complexity: O(k × W / 6) for k addresses; no heap allocation (the scratch space is on the stack).
    @inlinable
    public func lookup(_ addresses: UnsafeBufferPointer<Prefix.Address>, into results: UnsafeMutableBufferPointer<Value?>) {
        precondition(results.count >= addresses.count, "lookup(_:into:) needs room for \(addresses.count) results")
        let batchSize = LPMSnapshot.batchSize
        withRecords { records in
            values.withUnsafeBufferPointer { values in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: batchSize) { offsets in
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: batchSize) { bitmaps in
                        var start = 0
                        while start < addresses.count {
                            let end = Swift.min(start &+ batchSize, addresses.count)
                            // Bounds: `offsets` and `bitmaps` hold batchSize ≥ end - start items; the
                            // reads of `records` and `values` are those of leaf(for:) and lookup(_:).
                            for index in start ..< end {
                                offsets[index &- start] = firstRecord(addresses[index])
                            }
                            for index in 0 ..< end &- start {
                                bitmaps[index] = Self.bitmap(records, offsets[index])
                            }
                            for index in start ..< end {
                                let address = addresses[index]
                                var record = offsets[index &- start]
                                var bitmap = bitmaps[index &- start]
                                var offset = directBits
                                var leaf = self.leaf(records, record, bitmap: bitmap,
                                                     slot: Prefix.bits(of: address, at: offset, count: 6))
                                while leaf >= childBase {
                                    record = child(records, record, bitmap: bitmap, leaf: leaf)
                                    bitmap = Self.bitmap(records, record)
                                    offset &+= 6
                                    leaf = self.leaf(records, record, bitmap: bitmap,
                                                     slot: Prefix.bits(of: address, at: offset, count: 6))
                                }
                                offsets[index &- start] = Int(truncatingIfNeeded: leaf)
                            }
                            for index in start ..< end {
                                results[index] = values[offsets[index &- start]]
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }

    /// The results of ``lookup(_:)`` for every address, computed in interleaved batches (see ``lookup(_:into:)``).
    @inlinable
    public func lookup(_ addresses: [Prefix.Address]) -> [Value?] {
        [Value?](unsafeUninitializedCapacity: addresses.count) { buffer, initialized in
            buffer.initialize(repeating: nil)
            addresses.withUnsafeBufferPointer { lookup($0, into: buffer) }
            initialized = addresses.count
        }
    }

    /// Checks the invariants that make the unchecked reads of the lookups safe and every walk finite:
    /// every region's offset is a record's, every leaf of a record lies inside the record halfwords,
    /// every value leaf is below `values.count`, and every child leaf names an offset inside them that
    /// is a record validated before its parent (records are checked in the order they were built,
    /// children first), so a walk cannot cycle.
    @usableFromInline
    func validate(records: [Int]) {
        let recordHalfwords = halfwords.count - origin
        precondition(groupBase.count << LPMSnapshot.groupShift >= 1 << directBits && delta.count == 1 << directBits)
        precondition(values.count <= Int(childBase), "LPMSnapshot has more values than leaves can name")
        var isRecord = [Bool](repeating: false, count: recordHalfwords)
        withRecords { base in
            for record in records {
                precondition(record >= 0 && record + 4 <= recordHalfwords, "LPMSnapshot record \(record) out of range")
                let bitmap = Self.bitmap(base, record)
                precondition(bitmap & 1 == 1, "LPMSnapshot record \(record) has no first run")
                let runs = bitmap.nonzeroBitCount
                precondition(record + 4 + leafWidth * runs <= recordHalfwords, "LPMSnapshot record \(record) runs past the end")
                for run in 0 ..< runs {
                    let at = (record + 4 + leafWidth * run) * 2
                    let leaf = leafWidth == 1 ? UInt32(base.load(fromByteOffset: at, as: UInt16.self))
                        : base.loadUnaligned(fromByteOffset: at, as: UInt32.self)
                    if leaf >= childBase {
                        let pointer = record + 4 + leafWidth * runs + 2 * Int(leaf - childBase)
                        precondition(pointer + 2 <= recordHalfwords, "LPMSnapshot record \(record) has a child past the end")
                        let child = child(base, record, bitmap: bitmap, leaf: leaf)
                        precondition(child < recordHalfwords && isRecord[child], "LPMSnapshot record \(record) has a bad child \(child)")
                    } else {
                        precondition(Int(leaf) < values.count, "LPMSnapshot leaf \(leaf) is past the values")
                    }
                }
                isRecord[record] = true
            }
        }
        for region in 0 ..< 1 << directBits {
            let record = Int(groupBase[region >> LPMSnapshot.groupShift]) + Int(delta[region])
            precondition(record < recordHalfwords && isRecord[record], "LPMSnapshot region \(region) has no record")
        }
    }
}

extension LPMSnapshot where Value: Hashable {
    /// Compiles `table` with its values deduplicated (equal neighbouring slots then share a run),
    /// choosing the direct-table width from its size.
    /// - Complexity: O(2^d + 64 × n + count) for n trie nodes.
    @inlinable
    public init(_ table: PrefixTable<Prefix, Value>) {
        self.init(table, directBits: LPMSnapshot.defaultDirectBits(table.count))
    }

    /// Compiles `table` with its values deduplicated and the top `directBits` (1...24) address bits
    /// selecting a region of the direct table.
    @inlinable
    public init(_ table: PrefixTable<Prefix, Value>, directBits: Int) {
        var values = ContiguousArray<Value?>([nil])
        var indices: [Value: UInt32] = [:]
        var leaves = ContiguousArray<UInt32>()
        leaves.reserveCapacity(table.values.count)
        for value in table.values {
            if let index = indices[value] {
                leaves.append(index)
            } else {
                let index = UInt32(truncatingIfNeeded: values.count)
                indices[value] = index
                values.append(value)
                leaves.append(index)
            }
        }
        self.init(table, directBits: directBits, values: values, leafOfSlot: leaves)
    }
}

extension LPMSnapshot: Sendable where Value: Sendable {}

/// An IPv4 ``LPMSnapshot``.
public typealias IPv4LPMSnapshot<Value> = LPMSnapshot<IPv4Prefix, Value>
/// An IPv6 ``LPMSnapshot``.
public typealias IPv6LPMSnapshot<Value> = LPMSnapshot<IPv6Prefix, Value>

// MARK: - Building

/// Compiles a ``PrefixTable`` trie into ``LPMSnapshot`` records.
///
/// Each record covers a region (a prefix of length L) and 2^s slots of length L + s. A pre-order walk
/// of the trie below the region paints each slot with the leaf of the longest prefix of length ≤ L + s
/// covering it (ancestors are visited first, so a later paint is more specific); a trie node longer
/// than L + s, or exactly L + s with children, marks its slot for a child record, built first from
/// that trie node with the slot's painted leaf as the inherited default. A child that turns out to be
/// a single run is not emitted: the slot takes its leaf.
///
/// While building, a slot holds a *code*: a value leaf, or `childCode | offset` for a child record.
///
/// Child records go to the *deep* area, the records of the direct table's regions to the *top* area,
/// which follows it, so the 16 records of a group are contiguous. Both areas start on a cache line.
///
/// Inlinable so that building is specialized for the prefix type at the call site.
@usableFromInline
struct LPMSnapshotBuilder<Prefix: RoutablePrefix, Value> {
    @usableFromInline typealias Snapshot = LPMSnapshot<Prefix, Value>
    /// A slot code with this bit set is a child record's offset.
    @usableFromInline static var childCode: UInt64 { 1 << 63 }
    @usableFromInline let table: PrefixTable<Prefix, Value>
    @usableFromInline let directBits: Int
    /// The leaf for each value slot of the table.
    @usableFromInline let leafOfSlot: ContiguousArray<UInt32>
    @usableFromInline let leafWidth: Int
    @usableFromInline let childBase: UInt32
    @usableFromInline var deep = LPMRecordArea()
    @usableFromInline var top = LPMRecordArea()
    @usableFromInline var deepRecords: [Int] = []
    @usableFromInline var topRecords: [Int] = []
    @usableFromInline var groupBase: ContiguousArray<UInt32> = []
    @usableFromInline var delta: ContiguousArray<UInt16> = []
    /// The 64 slot codes (and child trie nodes) of the record being built at each depth below the regions.
    @usableFromInline var scratchSlots: [UInt64]
    @usableFromInline var scratchDeep: [Int32]
    /// Reused buffers for a record's leaves and child offsets.
    @usableFromInline var leafScratch: [UInt32] = []
    @usableFromInline var childScratch: [UInt32] = []
    /// A reused stack for the trie walks.
    @usableFromInline var stack: [Int32] = []

    @inlinable
    init(table: PrefixTable<Prefix, Value>, directBits: Int, leafOfSlot: ContiguousArray<UInt32>, leafWidth: Int,
         childBase: UInt32) {
        self.table = table
        self.directBits = directBits
        self.leafOfSlot = leafOfSlot
        self.leafWidth = leafWidth
        self.childBase = childBase
        let depths = (Int(Prefix.maxLength) - directBits) / 6 + 2
        scratchSlots = [UInt64](repeating: 0, count: 64 * depths)
        scratchDeep = [Int32](repeating: -1, count: 64 * depths)
    }

    @inlinable
    mutating func build() {
        let regionCount = 1 << directBits
        let groupSize = 1 << Snapshot.groupShift
        top.halfwords.reserveCapacity(regionCount * 12)
        delta = ContiguousArray(repeating: 0, count: regionCount)
        groupBase = ContiguousArray(repeating: 0, count: max(1, regionCount / groupSize))
        var slots = [UInt64](repeating: 0, count: regionCount)
        var deepSlots = [Int32](repeating: -1, count: regionCount)
        if table.root >= 0 {
            paint(regionLength: 0, stride: directBits, from: table.root, slots: &slots, deep: &deepSlots, at: 0)
        }
        var offsets = [Int](repeating: 0, count: groupSize)
        for group in 0 ..< groupBase.count {
            // Holes before `floor` are not reused, so the group spans less than 8192 + 16 × 260
            // halfwords and every delta fits a UInt16.
            top.floor = max(0, top.halfwords.count - 8192)
            var lastUniform: (leaf: UInt64, offset: Int)? = nil
            let regions = group * groupSize ..< min(regionCount, (group + 1) * groupSize)
            for region in regions {
                let offset: Int
                if deepSlots[region] >= 0 {
                    makeSlots(depth: 0, regionLength: directBits, from: deepSlots[region], inherited: slots[region])
                    offset = emitScratch(depth: 0, toTop: true)
                } else if let lastUniform, lastUniform.leaf == slots[region] {
                    offset = lastUniform.offset
                } else {
                    offset = appendRecord(bitmap: 1, codes: CollectionOfOne(slots[region]), toTop: true)
                    lastUniform = (slots[region], offset)
                }
                offsets[region - regions.lowerBound] = offset
            }
            let base = offsets[0 ..< regions.count].min()!
            groupBase[group] = UInt32(base)
            for region in regions {
                let distance = offsets[region - regions.lowerBound] - base
                precondition(distance <= Int(UInt16.max), "LPMSnapshot group \(group) spans \(distance) halfwords")
                delta[region] = UInt16(distance)
            }
        }
        precondition(deep.halfwords.count + top.halfwords.count + 32 < Int(UInt32.max), "LPMSnapshot is limited to 2^32 halfwords")
    }

    /// Fills the scratch slots of `depth` for the record of the region of length `regionLength`
    /// containing trie node `top` (whose prefix is at least that long), building child records first.
    @inlinable
    mutating func makeSlots(depth: Int, regionLength: Int, from top: Int32, inherited: UInt64) {
        let base = depth * 64
        for index in base ..< base + 64 {
            scratchSlots[index] = inherited
            scratchDeep[index] = -1
        }
        // The scratch arrays are taken out of `self` while `paint` (which uses `self.stack`) fills them.
        var slots: [UInt64] = []
        var deep: [Int32] = []
        swap(&slots, &scratchSlots)
        swap(&deep, &scratchDeep)
        paint(regionLength: regionLength, stride: 6, from: top, slots: &slots, deep: &deep, at: base)
        swap(&slots, &scratchSlots)
        swap(&deep, &scratchDeep)
        for index in base ..< base + 64 where scratchDeep[index] >= 0 {
            makeSlots(depth: depth + 1, regionLength: regionLength + 6, from: scratchDeep[index], inherited: scratchSlots[index])
            scratchSlots[index] = codeOfScratch(depth: depth + 1)
        }
    }

    /// The code for the child record made of the scratch slots of `depth`: their leaf when they are one
    /// run, else the offset of the record appended to the deep area.
    @inlinable
    mutating func codeOfScratch(depth: Int) -> UInt64 {
        let base = depth * 64
        let first = scratchSlots[base]
        if scratchSlots[base ..< base + 64].allSatisfy({ $0 == first }) { return first }
        return Self.childCode | UInt64(emitScratch(depth: depth, toTop: false))
    }

    /// Appends the record for the scratch slots of `depth` and returns its offset in its area.
    @inlinable
    mutating func emitScratch(depth: Int, toTop: Bool) -> Int {
        let base = depth * 64
        var bitmap: UInt64 = 1
        for index in 1 ..< 64 where scratchSlots[base + index] != scratchSlots[base + index - 1] {
            bitmap |= 1 &<< UInt64(index)
        }
        var codes: [UInt64] = []
        codes.reserveCapacity(bitmap.nonzeroBitCount)
        codes.append(scratchSlots[base])
        for index in base + 1 ..< base + 64 where scratchSlots[index] != scratchSlots[index - 1] {
            codes.append(scratchSlots[index])
        }
        return appendRecord(bitmap: bitmap, codes: codes, toTop: toTop)
    }

    /// Places a record with `bitmap` and the `codes` of its runs (one per set bit) in the top or the
    /// deep area and returns its offset there.
    @inlinable
    mutating func appendRecord(bitmap: UInt64, codes: some Sequence<UInt64>, toTop: Bool) -> Int {
        leafScratch.removeAll(keepingCapacity: true)
        childScratch.removeAll(keepingCapacity: true)
        for code in codes {
            if code & Self.childCode != 0 {
                leafScratch.append(childBase + UInt32(childScratch.count))
                childScratch.append(UInt32(truncatingIfNeeded: code))
            } else {
                leafScratch.append(UInt32(truncatingIfNeeded: code))
            }
        }
        if toTop {
            let offset = top.place(bitmap: bitmap, leaves: leafScratch, leafWidth: leafWidth, children: childScratch)
            topRecords.append(offset)
            return offset
        }
        let offset = deep.place(bitmap: bitmap, leaves: leafScratch, leafWidth: leafWidth, children: childScratch)
        deepRecords.append(offset)
        return offset
    }

    /// Paints the slots `slots[base ..< base + 2^stride]` of the region of length `regionLength` from
    /// the trie below `top`, and marks in `deep` the slots that need a child record (see the type's
    /// documentation).
    @inlinable
    mutating func paint(
        regionLength: Int, stride: Int, from top: Int32, slots: inout [UInt64], deep: inout [Int32], at base: Int
    ) {
        let slotLength = regionLength + stride
        stack.removeAll(keepingCapacity: true)
        stack.append(top)
        while let index = stack.popLast() {
            let node = table.nodes[Int(index)]
            let length = Int(node.prefix.length)
            // The prefix's bits past its length are clear, so `first` is a multiple of the slot count it covers.
            let first = base + Prefix.bits(of: node.prefix.address, at: regionLength, count: stride)
            if length > slotLength {
                deep[first] = index
                continue
            }
            if node.slot >= 0 {
                let leaf = UInt64(leafOfSlot[Int(node.slot)])
                for slot in first ..< first + 1 << (slotLength - length) { slots[slot] = leaf }
            }
            if length == slotLength {
                if node.child0 >= 0 || node.child1 >= 0 { deep[first] = index }
            } else {
                if node.child1 >= 0 { stack.append(node.child1) }
                if node.child0 >= 0 { stack.append(node.child0) }
            }
        }
    }
}

/// Halfwords holding records, packed into 64-octet lines (32 halfwords) so that a record of up to 64
/// octets never straddles two: each record goes into the open line with the least room that fits it
/// (best fit), or starts a new line. The array always holds whole lines.
@usableFromInline
struct LPMRecordArea {
    @usableFromInline var halfwords: ContiguousArray<UInt16> = []
    /// Lines with room left: the first free halfword and the end of the line.
    @usableFromInline var open: [(free: Int, end: Int)] = []
    /// Room before this offset is not reused.
    @usableFromInline var floor = 0

    @inlinable
    init() {}

    /// Writes a record (the 64-bit `bitmap`, the leaves of `leafWidth` halfwords, the 32-bit child
    /// offsets) and returns its halfword offset.
    @inlinable
    mutating func place(bitmap: UInt64, leaves: [UInt32], leafWidth: Int, children: [UInt32]) -> Int {
        precondition(leaves.count == bitmap.nonzeroBitCount, "a record needs one leaf per run")
        let size = 4 + leafWidth * leaves.count + 2 * children.count
        var offset = -1
        if size <= 32 {
            var best = -1
            for index in open.indices where open[index].free >= floor && open[index].end - open[index].free >= size {
                if best < 0 || open[index].end - open[index].free < open[best].end - open[best].free { best = index }
            }
            if best >= 0 {
                offset = open[best].free
                open[best].free += size
                if open[best].free == open[best].end { open.remove(at: best) }
            }
        }
        if offset < 0 {
            offset = halfwords.count
            halfwords.append(contentsOf: repeatElement(0, count: (size + 31) / 32 * 32))
            if offset + size < halfwords.count {
                open.append((offset + size, halfwords.count))
                if open.count > 16 {
                    // Give up the line with the least room: it stays padding.
                    let smallest = open.indices.min { open[$0].end - open[$0].free < open[$1].end - open[$1].free }!
                    open.remove(at: smallest)
                }
            }
        }
        halfwords.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: bitmap, toByteOffset: offset * 2, as: UInt64.self)
            var at = (offset + 4) * 2
            for leaf in leaves {
                if leafWidth == 1 {
                    bytes.storeBytes(of: UInt16(truncatingIfNeeded: leaf), toByteOffset: at, as: UInt16.self)
                } else {
                    bytes.storeBytes(of: leaf, toByteOffset: at, as: UInt32.self)
                }
                at += leafWidth * 2
            }
            for child in children {
                bytes.storeBytes(of: child, toByteOffset: at, as: UInt32.self)
                at += 4
            }
        }
        return offset
    }
}
