// A compiled, read-only longest-prefix-match structure for forwarding lookups (RFC 1812 §5.2.4.3).

/// A read-only longest-prefix-match table compiled in one batch from a ``PrefixTable``, for fast
/// forwarding lookups.
///
/// ## Layout
///
/// A multibit trie in the style of Poptrie (Asai and Ohara, SIGCOMM 2015): direct pointing on the
/// top `d` address bits, then 64-way nodes whose slots are compressed into runs with a bitmap and
/// `popcount`. Everything lives in one `[UInt32]` array, `words`:
///
/// - `words[0 ..< 2^d]` is the **direct table**: for each value of the top `d` bits, the offset of
///   the record covering that block (d = 18 for IPv4 and 16 for IPv6 from 65,536 prefixes up, 12 and
///   10 below).
/// - A **record** covers the next 6 address bits (64 slots). At its offset `o`, `words[o]` and
///   `words[o + 1]` are a 64-bit run bitmap (bit `i` set when slot `i` starts a new run of equal
///   slots; bit 0 is always set), followed by one 32-bit **leaf** per run: slot `i` reads
///   `words[o + 1 + popcount(bitmap & (2 << i) - 1)]`.
/// - A leaf is an index into ``values`` (0 holds `nil`: no route), or `0x8000_0000 | o'`, the record
///   for a prefix longer than the slot, which consumes the next 6 bits.
/// - Values are deduplicated when `Value: Hashable` (a forwarding table has few distinct next hops),
///   so equal neighbouring slots merge into one run even when different prefixes produced them.
///
/// Why: for IPv4, levels end at /18, /24 and /30. A full table is about 60% /24, so nearly every
/// lookup is *direct table → record → value*: the direct table (1 MiB) and the deduplicated values are
/// small enough to stay in cache, and the record keeps its bitmap and leaves side by side, so the one
/// access that misses the cache usually fetches a single cache line. The only data-dependent branch
/// (descend into a child record) is rarely taken, so the lookups of independent addresses overlap
/// their cache misses. A record costs 8 + 4 × runs octets where DIR-24-8 spends 128 octets on a /24
/// block's 64 × 2-octet entries (32 MiB in all); with 1,000,000 realistic IPv4 prefixes the snapshot is
/// about 10 MiB, under the 16 MiB goal (see the `transit-bgp-bench lpm` figures in the README).
///
/// ``byteCount`` counts `words` only; the value array (one entry per distinct value) is excluded.
///
/// Lookups read `words` through an unsafe pointer. Every offset a lookup can reach is proven in
/// bounds once, when the snapshot is built (`validate()`), so no address can make a lookup read
/// outside the array.
///
/// - Complexity: ``lookup(_:)`` is O(W / 6) for W-bit addresses: at most 1 + ⌈(W − d) / 6⌉ records
///   (IPv4: 3, IPv6: 20), and 1 for IPv4 prefixes up to /24; no allocation. Building is
///   O(2^d + 64 × n) for n trie nodes; the size is 4 × 2^d + (8 + 4 × runs) per record octets.
public struct LPMSnapshot<Prefix: RoutablePrefix, Value> {
    /// A leaf with this bit set is the offset of a child record.
    @usableFromInline static var childFlag: UInt32 { 0x8000_0000 }

    /// The direct table, then the records (see the type's documentation).
    @usableFromInline let words: ContiguousArray<UInt32>
    /// The values leaves point to; `values[0]` is `nil`.
    @usableFromInline let values: ContiguousArray<Value?>
    /// The number of top address bits the direct table is indexed by.
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
    /// bits indexing the direct table.
    public init(_ table: PrefixTable<Prefix, Value>, directBits: Int) {
        var values = ContiguousArray<Value?>()
        values.reserveCapacity(table.values.count + 1)
        values.append(nil)
        for value in table.values { values.append(value) }
        let leaves = ContiguousArray((0 ..< table.values.count).lazy.map { UInt32(truncatingIfNeeded: $0 + 1) })
        self.init(table, directBits: directBits, values: values, leafOfSlot: leaves)
    }

    @usableFromInline
    init(_ table: PrefixTable<Prefix, Value>, directBits: Int, values: ContiguousArray<Value?>,
         leafOfSlot: ContiguousArray<UInt32>) {
        precondition((1...24).contains(directBits), "directBits must be 1...24, not \(directBits)")
        precondition(values.count <= Int(LPMSnapshot.childFlag), "LPMSnapshot is limited to 2^31 - 1 values")
        var builder = LPMSnapshotBuilder<Prefix, Value>(table: table, directBits: directBits, leafOfSlot: leafOfSlot)
        builder.build()
        self.words = builder.words
        self.values = values
        self.directBits = directBits
        self.count = table.count
        self.recordCount = builder.records.count
        validate(records: builder.records)
    }

    static func defaultDirectBits(_ count: Int) -> Int {
        let large = count >= 65_536
        return Prefix.maxLength <= 32 ? (large ? 18 : 12) : (large ? 16 : 10)
    }

    /// Whether the snapshot holds no prefixes.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The octets of the compiled structure (the direct table and the records), excluding the
    /// value array (``valueCount`` entries of `MemoryLayout<Value?>.stride` octets).
    public var byteCount: Int { words.count * MemoryLayout<UInt32>.stride }

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
        words.withUnsafeBufferPointer { words in
            // Bounds: the direct index has `directBits` bits, so it is < 2^directBits ≤ words.count.
            // validate() proved, for every record offset o the direct table or a child leaf holds,
            // o + 2 + popcount(bitmap) ≤ words.count and bit 0 of the bitmap set, so the leaf read at
            // o + 1 + popcount(bitmap & mask) (popcount ≥ 1) is within the record.
            var record = Int(truncatingIfNeeded: words[Prefix.bits(of: address, at: 0, count: directBits)])
            var offset = directBits
            while true {
                let slot = Prefix.bits(of: address, at: offset, count: 6)
                let bitmap = UInt64(truncatingIfNeeded: words[record])
                    | UInt64(truncatingIfNeeded: words[record &+ 1]) &<< 32
                let runs = bitmap & (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- slot))
                let leaf = words[record &+ 1 &+ runs.nonzeroBitCount]
                if leaf & LPMSnapshot.childFlag == 0 { return leaf }
                record = Int(truncatingIfNeeded: leaf & ~LPMSnapshot.childFlag)
                offset &+= 6
            }
        }
    }

    /// Checks the invariants that make the unchecked reads in ``leaf(for:)`` safe and every walk finite:
    /// each direct entry and child leaf is the offset of a validated record; a child record is built
    /// before its parent, so offsets strictly decrease along a walk.
    func validate(records: [Int]) {
        let directCount = 1 << directBits
        var isRecord = [Bool](repeating: false, count: words.count)
        for record in records {
            precondition(record >= directCount && record + 2 <= words.count, "LPMSnapshot record \(record) out of range")
            let bitmap = UInt64(words[record]) | UInt64(words[record + 1]) << 32
            precondition(bitmap & 1 == 1, "LPMSnapshot record \(record) has no first run")
            precondition(record + 2 + bitmap.nonzeroBitCount <= words.count, "LPMSnapshot record \(record) runs past the end")
            for leaf in words[(record + 2) ..< (record + 2 + bitmap.nonzeroBitCount)] {
                if leaf & LPMSnapshot.childFlag != 0 {
                    let child = Int(leaf & ~LPMSnapshot.childFlag)
                    precondition(child < record && isRecord[child], "LPMSnapshot record \(record) has a bad child \(child)")
                } else {
                    precondition(Int(leaf) < values.count, "LPMSnapshot leaf \(leaf) is past the values")
                }
            }
            isRecord[record] = true
        }
        for index in 0 ..< directCount {
            precondition(isRecord[Int(words[index])], "LPMSnapshot direct entry \(index) is not a record")
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
    /// indexing the direct table.
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

/// Compiles a ``PrefixTable`` trie into ``LPMSnapshot`` words.
///
/// Each record covers a region (a prefix of length L) and 2^s slots of length L + s. A pre-order walk
/// of the trie below the region paints each slot with the leaf of the longest prefix of length ≤ L + s
/// covering it (ancestors are visited first, so a later paint is more specific); a trie node longer
/// than L + s, or exactly L + s with children, marks its slot for a child record, built first
/// (post-order) from that trie node with the slot's painted leaf as the inherited default.
struct LPMSnapshotBuilder<Prefix: RoutablePrefix, Value> {
    let table: PrefixTable<Prefix, Value>
    let directBits: Int
    /// The leaf for each value slot of the table.
    let leafOfSlot: ContiguousArray<UInt32>
    var words: ContiguousArray<UInt32> = []
    /// The offset of every record, in the order built.
    var records: [Int] = []
    /// Records of a single run, shared by leaf.
    var uniformRecords: [UInt32: UInt32] = [:]
    /// A reused stack for the trie walks.
    var stack: [Int32] = []

    init(table: PrefixTable<Prefix, Value>, directBits: Int, leafOfSlot: ContiguousArray<UInt32>) {
        self.table = table
        self.directBits = directBits
        self.leafOfSlot = leafOfSlot
    }

    mutating func build() {
        let directCount = 1 << directBits
        words = ContiguousArray(repeating: 0, count: directCount)
        words.reserveCapacity(directCount + table.count * 8)
        var slots = [UInt32](repeating: 0, count: directCount)
        var deep = [Int32](repeating: -1, count: directCount)
        if table.root >= 0 {
            paint(regionLength: 0, stride: directBits, from: table.root, slots: &slots, deep: &deep)
        }
        for index in 0 ..< directCount {
            words[index] = deep[index] >= 0
                ? makeRecord(regionLength: directBits, from: deep[index], inherited: slots[index])
                : uniformRecord(slots[index])
        }
    }

    /// Builds the record for the region of length `regionLength` containing trie node `top` (whose
    /// prefix is at least that long), after its children; returns its offset.
    mutating func makeRecord(regionLength: Int, from top: Int32, inherited: UInt32) -> UInt32 {
        var slots = [UInt32](repeating: inherited, count: 64)
        var deep = [Int32](repeating: -1, count: 64)
        paint(regionLength: regionLength, stride: 6, from: top, slots: &slots, deep: &deep)
        for index in 0 ..< 64 where deep[index] >= 0 {
            let child = makeRecord(regionLength: regionLength + 6, from: deep[index], inherited: slots[index])
            slots[index] = LPMSnapshot<Prefix, Value>.childFlag | child
        }
        var bitmap: UInt64 = 1
        for index in 1 ..< 64 where slots[index] != slots[index - 1] {
            bitmap |= 1 &<< UInt64(index)
        }
        if bitmap == 1 { return uniformRecord(slots[0]) }
        let offset = startRecord(bitmap)
        words.append(slots[0])
        for index in 1 ..< 64 where slots[index] != slots[index - 1] {
            words.append(slots[index])
        }
        return offset
    }

    /// The record of a single run of `leaf`, shared by every region that needs it.
    mutating func uniformRecord(_ leaf: UInt32) -> UInt32 {
        if let offset = uniformRecords[leaf] { return offset }
        let offset = startRecord(1)
        words.append(leaf)
        uniformRecords[leaf] = offset
        return offset
    }

    mutating func startRecord(_ bitmap: UInt64) -> UInt32 {
        let offset = words.count
        precondition(offset + 66 < Int(LPMSnapshot<Prefix, Value>.childFlag), "LPMSnapshot is limited to 2^31 words")
        records.append(offset)
        words.append(UInt32(truncatingIfNeeded: bitmap))
        words.append(UInt32(truncatingIfNeeded: bitmap >> 32))
        return UInt32(offset)
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
