import ConnectionParameters
import NetworkPrimitives

/// The one prefix-keyed map of a route table: IPv4 prefix → slot of the table's dense record array.
///
/// Open addressing with linear probing and backward-shift deletion over one `UInt64` per bucket: the
/// packed prefix (32 address bits and 6 length bits) above a 26-bit slot number. Hashing is one
/// multiplication (Fibonacci hashing), not SipHash: the key is a trusted five-octet value.
///
/// - Complexity: O(1) expected for every operation at the load factor kept (at most 3/4).
struct PrefixIndex: Sendable {
    private static let empty = UInt64.max
    private static let slotBits: UInt64 = 26
    private static let slotMask: UInt64 = (1 << slotBits) - 1
    /// The most records a table can address.
    static let maximumSlots = Int(slotMask)

    private var buckets: [UInt64]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 / 4 < capacity { size <<= 1 }
        buckets = [UInt64](repeating: PrefixIndex.empty, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    static func key(_ prefix: IPv4Prefix) -> UInt64 {
        UInt64(prefix.address.rawValue) << 6 | UInt64(prefix.length)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The bucket holding `prefix`, or `nil`.
    @inline(__always)
    private func bucket(of prefix: IPv4Prefix) -> Int? {
        let key = PrefixIndex.key(prefix)
        let mask = buckets.count - 1
        var i = home(key)
        while true {
            let bucket = buckets[i]
            if bucket == PrefixIndex.empty { return nil }
            if bucket >> PrefixIndex.slotBits == key { return i }
            i = (i + 1) & mask
        }
    }

    /// The slot of `prefix`, or `nil`.
    @inline(__always)
    func slot(of prefix: IPv4Prefix) -> Int32? {
        bucket(of: prefix).map { Int32(truncatingIfNeeded: buckets[$0] & PrefixIndex.slotMask) }
    }

    /// Records `prefix` at `slot` (the prefix must not be present).
    mutating func insert(_ prefix: IPv4Prefix, slot: Int32) {
        precondition(Int(slot) < PrefixIndex.maximumSlots, "a route table holds at most \(PrefixIndex.maximumSlots) prefixes")
        if (count + 1) * 4 > buckets.count * 3 { grow() }
        place(PrefixIndex.key(prefix) << PrefixIndex.slotBits | UInt64(slot))
        count += 1
    }

    private mutating func place(_ entry: UInt64) {
        let mask = buckets.count - 1
        var i = home(entry >> PrefixIndex.slotBits)
        while buckets[i] != PrefixIndex.empty { i = (i + 1) & mask }
        buckets[i] = entry
    }

    private mutating func grow() {
        let old = buckets
        buckets = [UInt64](repeating: PrefixIndex.empty, count: old.count * 2)
        shift -= 1
        for entry in old where entry != PrefixIndex.empty { place(entry) }
    }

    /// Forgets `prefix`; returns its slot.
    @discardableResult
    mutating func remove(_ prefix: IPv4Prefix) -> Int32? {
        guard let i = bucket(of: prefix) else { return nil }
        let mask = buckets.count - 1
        let slot = Int32(truncatingIfNeeded: buckets[i] & PrefixIndex.slotMask)
        // Backward-shift deletion: move later members of the probe run into the hole.
        var hole = i
        var j = (i + 1) & mask
        while buckets[j] != PrefixIndex.empty {
            let want = home(buckets[j] >> PrefixIndex.slotBits)
            // `j`'s entry may move to `hole` when its home is not cyclically in (hole, j].
            let distanceToJ = (j - want) & mask
            let distanceToHole = (hole - want) & mask
            if distanceToHole < distanceToJ {
                buckets[hole] = buckets[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        buckets[hole] = PrefixIndex.empty
        count -= 1
        return slot
    }
}
