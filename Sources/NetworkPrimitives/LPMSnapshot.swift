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
/// - A **record** covers 6 address bits (64 slots). At its offset `o` in `words` (a `[UInt32]`),
///   `words[o]` and `words[o + 1]` are a 64-bit run bitmap (bit `i` set when slot `i` starts a new run
///   of equal slots; bit 0 is always set), followed by one 32-bit **leaf** per run: slot `i` reads
///   `words[o + 1 + popcount(bitmap & (2 << i) - 1)]`. Records of up to 16 words never straddle a
///   64-octet cache line, so reading the bitmap brings in the leaf.
/// - A leaf is an index into the value array (0 holds `nil`: no route), or `0x8000_0000 | o'`, the
///   record for a prefix longer than the slot, which consumes the next 6 bits.
/// - The **direct table** maps the top `d` bits (a *region*) to the region's record: offset =
///   `groupBase[region >> 4] + delta[region]`, a `UInt32` per 16 regions plus a `UInt16` per region
///   (the 16 records of a group are contiguous). d = 18 for IPv4 and 16 for IPv6 from 65,536 prefixes
///   up, 12 and 10 below; IPv4 levels then end at /24 and /30.
/// - Values are deduplicated when `Value: Hashable` (a forwarding table has few distinct next hops),
///   so equal neighbouring slots merge into one run even when different prefixes produced them.
///
/// Why: a full IPv4 table is about 60% /24, so nearly every lookup is *direct table → one record →
/// value*. The direct table (2.1 octets per region: 576 KiB for d = 18) and the deduplicated values
/// are small enough to stay in cache, and the record is a single cache line, so a lookup costs one
/// cache miss at most. The only data-dependent branch (descend into a child record) is rarely taken,
/// so lookups of independent addresses overlap their misses, and ``lookup(_:into:)`` interleaves 32
/// lookups step by step to overlap more. A record costs 8 + 4 × runs octets where DIR-24-8 spends 128
/// octets on a /18's 64 /24 entries (32 MiB in all): with the 1,000,000-prefix realistic IPv4 table of
/// `transit-bgp-bench lpm`, the snapshot is about 12 MiB, under the 16 MiB goal.
///
/// ``byteCount`` counts `words`, the direct table and the deep records; the value array (one entry
/// per distinct value, ``valueCount``) is excluded.
///
/// Lookups read the arrays through unsafe pointers. Every offset a lookup can reach is proven in
/// bounds once, when the snapshot is built (`validate()`), so no address can make a lookup read
/// outside them.
///
/// - Complexity: ``lookup(_:)`` is O(W / 6) for W-bit addresses: at most 1 + ⌈(W − d) / 6⌉ records
///   (IPv4: 3, IPv6: 20), and 1 for IPv4 prefixes up to /24; no allocation. Building is
///   O(2^d + 64 × n) for n trie nodes; the size is 2.25 × 2^d + Σ (8 + 4 × runs + padding) octets.
public struct LPMSnapshot<Prefix: RoutablePrefix, Value> {
    /// A leaf with this bit set is the offset of a child record.
    @usableFromInline static var childFlag: UInt32 { 0x8000_0000 }
    /// log2 of the number of regions per group in the direct table.
    @usableFromInline static var groupShift: Int { 4 }

    /// The records, at offsets counted from `words[origin]`, which sits on a 64-octet boundary.
    @usableFromInline let words: ContiguousArray<UInt32>
    /// The index in `words` of offset 0.
    @usableFromInline let origin: Int
    /// The offset of each group's first record.
    @usableFromInline let groupBase: ContiguousArray<UInt32>
    /// Each region's record offset, relative to its group's base.
    @usableFromInline let delta: ContiguousArray<UInt16>
    /// The values leaves point to; `values[0]` is `nil`.
    @usableFromInline let values: ContiguousArray<Value?>
    /// The number of top address bits that select a region.
    @usableFromInline let directBits: Int
    /// The number of prefixes the snapshot was built from.
    public let count: Int
    /// The number of records, for sizing reports.
    public let recordCount: Int

    /// Compiles `table`, one value entry per prefix, choosing the direct-table width from its size.
    /// (When `Value` is `Hashable`, the overload that deduplicates values is chosen instead.)
    /// - Complexity: O(2^d + 64 × n) for n trie nodes.
    public init(_ table: PrefixTable<Prefix, Value>) {
        self.init(table, directBits: LPMSnapshot.defaultDirectBits(table.count))
    }

    /// Compiles `table` with one value entry per prefix and the top `directBits` (1...24) address
    /// bits selecting a region of the direct table.
    public init(_ table: PrefixTable<Prefix, Value>, directBits: Int) {
        var values = ContiguousArray<Value?>()
        values.reserveCapacity(table.values.count + 1)
        values.append(nil)
        for value in table.values { values.append(value) }
        let leaves = ContiguousArray((0 ..< table.values.count).lazy.map { UInt32(truncatingIfNeeded: $0 + 1) })
        self.init(table, directBits: directBits, values: values, leafOfSlot: leaves)
    }

    init(_ table: PrefixTable<Prefix, Value>, directBits: Int, values: ContiguousArray<Value?>,
         leafOfSlot: ContiguousArray<UInt32>) {
        precondition((1...24).contains(directBits), "directBits must be 1...24, not \(directBits)")
        precondition(values.count <= Int(LPMSnapshot.childFlag), "LPMSnapshot is limited to 2^31 - 1 values")
        var builder = LPMSnapshotBuilder<Prefix, Value>(table: table, directBits: directBits, leafOfSlot: leafOfSlot)
        builder.build()
        // Offset 0 goes on a 64-octet boundary: the array never changes after this, so neither does its address.
        var origin = 0
        let deep = builder.deep
        let top = builder.top
        self.words = ContiguousArray(unsafeUninitializedCapacity: deep.count + top.count + 16) { buffer, initialized in
            let address = UInt(bitPattern: buffer.baseAddress)
            origin = Int((64 - address % 64) % 64) / MemoryLayout<UInt32>.stride
            buffer.initialize(repeating: 0)
            for (index, word) in deep.enumerated() { buffer[origin + index] = word }
            for (index, word) in top.enumerated() { buffer[origin + deep.count + index] = word }
            initialized = buffer.count
        }
        self.origin = origin
        self.groupBase = ContiguousArray(builder.groupBase.lazy.map { $0 + UInt32(deep.count) })
        self.delta = builder.delta
        self.values = values
        self.directBits = directBits
        self.count = table.count
        self.recordCount = builder.deepRecords.count + builder.topRecords.count
        validate(records: builder.deepRecords + builder.topRecords.map { $0 + deep.count })
    }

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
        words.count * MemoryLayout<UInt32>.stride + groupBase.count * MemoryLayout<UInt32>.stride
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
                let leaf = records[record &+ 1 &+ rank(address, at: offset, record: record, records)]
                if leaf & LPMSnapshot.childFlag == 0 { return leaf }
                record = Int(truncatingIfNeeded: leaf & ~LPMSnapshot.childFlag)
                offset &+= 6
            }
        }
    }

    /// Calls `body` with a pointer to record offset 0.
    @inlinable
    func withRecords<R>(_ body: (UnsafePointer<UInt32>) -> R) -> R {
        words.withUnsafeBufferPointer { buffer in
            // `words` is never empty (it holds at least the padding and one record per group).
            body(buffer.baseAddress.unsafelyUnwrapped + origin)
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

    /// The number of runs up to and including the slot of `address` at bit `offset` in `record`: 1...64.
    @inlinable
    func rank(_ address: Prefix.Address, at offset: Int, record: Int, _ records: UnsafePointer<UInt32>) -> Int {
        // In bounds: validate() proved record + 2 ≤ the number of record words.
        let bitmap = UInt64(truncatingIfNeeded: records[record]) | UInt64(truncatingIfNeeded: records[record &+ 1]) &<< 32
        let slot = Prefix.bits(of: address, at: offset, count: 6)
        return (bitmap & (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- slot))).nonzeroBitCount
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
                                let record = offsets[index]
                                bitmaps[index] = UInt64(truncatingIfNeeded: records[record])
                                    | UInt64(truncatingIfNeeded: records[record &+ 1]) &<< 32
                            }
                            for index in start ..< end {
                                let address = addresses[index]
                                var record = offsets[index &- start]
                                let slot = Prefix.bits(of: address, at: directBits, count: 6)
                                let runs = bitmaps[index &- start] & (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- slot))
                                var leaf = records[record &+ 1 &+ runs.nonzeroBitCount]
                                var offset = directBits
                                while leaf & LPMSnapshot.childFlag != 0 {
                                    record = Int(truncatingIfNeeded: leaf & ~LPMSnapshot.childFlag)
                                    offset &+= 6
                                    leaf = records[record &+ 1 &+ rank(address, at: offset, record: record, records)]
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
    /// every region's offset and every child leaf is the offset of a validated record, and a child's
    /// offset is below its parent's (children are built first, in the deep area below the top records),
    /// so offsets strictly decrease along a walk.
    func validate(records: [Int]) {
        let recordWords = words.count - origin
        precondition(groupBase.count << LPMSnapshot.groupShift >= 1 << directBits && delta.count == 1 << directBits)
        var isRecord = [Bool](repeating: false, count: recordWords)
        for record in records {
            precondition(record >= 0 && record + 2 <= recordWords, "LPMSnapshot record \(record) out of range")
            let bitmap = UInt64(words[origin + record]) | UInt64(words[origin + record + 1]) << 32
            precondition(bitmap & 1 == 1, "LPMSnapshot record \(record) has no first run")
            let end = record + 2 + bitmap.nonzeroBitCount
            precondition(end <= recordWords, "LPMSnapshot record \(record) runs past the end")
            for leaf in words[(origin + record + 2) ..< (origin + end)] {
                if leaf & LPMSnapshot.childFlag != 0 {
                    let child = Int(leaf & ~LPMSnapshot.childFlag)
                    precondition(child < record && isRecord[child], "LPMSnapshot record \(record) has a bad child \(child)")
                } else {
                    precondition(Int(leaf) < values.count, "LPMSnapshot leaf \(leaf) is past the values")
                }
            }
            isRecord[record] = true
        }
        for region in 0 ..< 1 << directBits {
            let record = Int(groupBase[region >> LPMSnapshot.groupShift]) + Int(delta[region])
            precondition(record < recordWords && isRecord[record], "LPMSnapshot region \(region) has no record")
        }
    }
}

extension LPMSnapshot where Value: Hashable {
    /// Compiles `table` with its values deduplicated (equal neighbouring slots then share a run),
    /// choosing the direct-table width from its size.
    /// - Complexity: O(2^d + 64 × n + count) for n trie nodes.
    public init(_ table: PrefixTable<Prefix, Value>) {
        self.init(table, directBits: LPMSnapshot.defaultDirectBits(table.count))
    }

    /// Compiles `table` with its values deduplicated and the top `directBits` (1...24) address bits
    /// selecting a region of the direct table.
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
/// that trie node with the slot's painted leaf as the inherited default.
///
/// Child records go to the *deep* area, the records of the direct table's regions to the *top* area,
/// which follows it, so the 16 records of a group are contiguous. Both areas start on a cache line.
struct LPMSnapshotBuilder<Prefix: RoutablePrefix, Value> {
    typealias Snapshot = LPMSnapshot<Prefix, Value>
    let table: PrefixTable<Prefix, Value>
    let directBits: Int
    /// The leaf for each value slot of the table.
    let leafOfSlot: ContiguousArray<UInt32>
    var deep: ContiguousArray<UInt32> = []
    var top: ContiguousArray<UInt32> = []
    var deepRecords: [Int] = []
    var topRecords: [Int] = []
    var groupBase: ContiguousArray<UInt32> = []
    var delta: ContiguousArray<UInt16> = []
    /// Single-run records in the deep area, shared by leaf.
    var uniformDeep: [UInt32: Int] = [:]
    /// A reused stack for the trie walks.
    var stack: [Int32] = []

    init(table: PrefixTable<Prefix, Value>, directBits: Int, leafOfSlot: ContiguousArray<UInt32>) {
        self.table = table
        self.directBits = directBits
        self.leafOfSlot = leafOfSlot
    }

    mutating func build() {
        let regionCount = 1 << directBits
        let groupSize = 1 << Snapshot.groupShift
        top.reserveCapacity(regionCount * 6)
        delta = ContiguousArray(repeating: 0, count: regionCount)
        groupBase = ContiguousArray(repeating: 0, count: max(1, regionCount / groupSize))
        var slots = [UInt32](repeating: 0, count: regionCount)
        var deepSlots = [Int32](repeating: -1, count: regionCount)
        if table.root >= 0 {
            paint(regionLength: 0, stride: directBits, from: table.root, slots: &slots, deep: &deepSlots)
        }
        for group in 0 ..< groupBase.count {
            // Every record of the group is within 16 × (66 + 15) words of the base: a UInt16 delta.
            let base = top.count
            groupBase[group] = UInt32(base)
            var lastUniform: (leaf: UInt32, offset: Int)? = nil
            for region in group * groupSize ..< min(regionCount, (group + 1) * groupSize) {
                let offset: Int
                if deepSlots[region] >= 0 {
                    let slotsOfRecord = makeSlots(regionLength: directBits, from: deepSlots[region], inherited: slots[region])
                    offset = emit(slotsOfRecord, toTop: true)
                } else if let lastUniform, lastUniform.leaf == slots[region] {
                    offset = lastUniform.offset
                } else {
                    offset = emit(CollectionOfOne(slots[region]), bitmap: 1, toTop: true)
                    lastUniform = (slots[region], offset)
                }
                delta[region] = UInt16(offset - base)
            }
        }
        LPMSnapshotBuilder.padToLine(&deep)
        precondition(deep.count + top.count + 16 < Int(Snapshot.childFlag), "LPMSnapshot is limited to 2^31 words")
    }

    /// The 64 slots of the record for the region of length `regionLength` containing trie node `top`
    /// (whose prefix is at least that long), with child records already built in the deep area.
    mutating func makeSlots(regionLength: Int, from top: Int32, inherited: UInt32) -> [UInt32] {
        var slots = [UInt32](repeating: inherited, count: 64)
        var deepSlots = [Int32](repeating: -1, count: 64)
        paint(regionLength: regionLength, stride: 6, from: top, slots: &slots, deep: &deepSlots)
        for index in 0 ..< 64 where deepSlots[index] >= 0 {
            let childSlots = makeSlots(regionLength: regionLength + 6, from: deepSlots[index], inherited: slots[index])
            slots[index] = Snapshot.childFlag | UInt32(emit(childSlots, toTop: false))
        }
        return slots
    }

    /// Appends the record for `slots` (64 slots) and returns its offset in its area.
    mutating func emit(_ slots: [UInt32], toTop: Bool) -> Int {
        var bitmap: UInt64 = 1
        for index in 1 ..< 64 where slots[index] != slots[index - 1] {
            bitmap |= 1 &<< UInt64(index)
        }
        if bitmap == 1 && !toTop {
            if let shared = uniformDeep[slots[0]] { return shared }
            let offset = emit(CollectionOfOne(slots[0]), bitmap: 1, toTop: false)
            uniformDeep[slots[0]] = offset
            return offset
        }
        var leaves: [UInt32] = [slots[0]]
        for index in 1 ..< 64 where slots[index] != slots[index - 1] { leaves.append(slots[index]) }
        return emit(leaves, bitmap: bitmap, toTop: toTop)
    }

    /// Appends a record with `bitmap` and `leaves` to an area, not straddling a cache line when it fits in one.
    mutating func emit(_ leaves: some Collection<UInt32>, bitmap: UInt64, toTop: Bool) -> Int {
        let size = 2 + leaves.count
        func append(_ area: inout ContiguousArray<UInt32>) -> Int {
            if size <= 16 && area.count % 16 + size > 16 { LPMSnapshotBuilder.padToLine(&area) }
            let offset = area.count
            area.append(UInt32(truncatingIfNeeded: bitmap))
            area.append(UInt32(truncatingIfNeeded: bitmap >> 32))
            area.append(contentsOf: leaves)
            return offset
        }
        if toTop {
            let offset = append(&top)
            topRecords.append(offset)
            return offset
        }
        let offset = append(&deep)
        deepRecords.append(offset)
        precondition(offset < Int(Snapshot.childFlag), "LPMSnapshot is limited to 2^31 words")
        return offset
    }

    /// Pads `area` with zeros to a multiple of 16 words (64 octets).
    static func padToLine(_ area: inout ContiguousArray<UInt32>) {
        while area.count % 16 != 0 { area.append(0) }
    }

    /// Paints the slots of the region of length `regionLength` and `2^stride` slots from the trie
    /// below `top` (see the type's documentation).
    mutating func paint(
        regionLength: Int, stride: Int, from top: Int32, slots: inout [UInt32], deep: inout [Int32]
    ) {
        let slotLength = regionLength + stride
        stack.removeAll(keepingCapacity: true)
        stack.append(top)
        while let index = stack.popLast() {
            let node = table.nodes[Int(index)]
            let length = Int(node.prefix.length)
            let first = Prefix.bits(of: node.prefix.address, at: regionLength, count: stride)
            if length > slotLength {
                deep[first] = index
                continue
            }
            if node.slot >= 0 {
                let leaf = leafOfSlot[Int(node.slot)]
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
