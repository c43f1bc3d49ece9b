import BGPWire
import NetworkPrimitives

/// The handle of an interned attribute set in an ``AttributeStore``: four octets where a route would
/// otherwise hold a whole ``PathAttributes`` value (BIRD's `rta *`, FRR's interned `attr *`).
public struct AttributeSetID: Hashable, Sendable, Comparable {
    public let raw: UInt32

    @inlinable
    public init(raw: UInt32) { self.raw = raw }

    public static func < (lhs: AttributeSetID, rhs: AttributeSetID) -> Bool { lhs.raw < rhs.raw }
}

/// The values the decision process compares, computed once per attribute set rather than once per
/// route and comparison (RFC 4271 §9.1.2.2).
public struct AttributeRank: Sendable, Hashable {
    public var localPreference: UInt32?
    public var asPathLength: Int
    public var origin: Origin
    public var med: UInt32?
    public var neighborAS: ASNumber?
    public var originatorID: IPv4Address?
    public var clusterListLength: Int

    public init(_ attributes: PathAttributes) {
        localPreference = attributes.localPreference
        let path = attributes.asPath ?? .empty
        asPathLength = path.length
        origin = attributes.origin ?? .incomplete
        med = attributes.multiExitDiscriminator
        neighborAS = path.neighborAS
        originatorID = attributes.originatorID
        clusterListLength = attributes.clusterList.count
    }
}

/// One store of attribute sets for a whole model: every route with equal attributes shares one
/// interned set, counted by reference, and a set no route uses any more is freed at once (no
/// compaction pass; the slot is reused).
///
/// The index is an open-addressed table of slot numbers (linear probing, backward-shift deletion)
/// with each set's hash kept beside it: an attribute set is hashed once when it is interned, a probe
/// compares stored hashes before it compares attributes, and growing or deleting never hashes again.
///
/// - Complexity: ``intern(_:)`` hashes the attributes once (call it once per UPDATE, not per
///   prefix); ``retain(_:)``, ``release(_:)`` and the subscript are O(1).
public struct AttributeStore: Sendable {
    private var sets: [PathAttributes] = []
    private var ranks: [AttributeRank] = []
    private var references: [UInt32] = []
    /// Each slot's hash (`PathAttributes.hashValue`), valid while the slot is in use.
    private var hashes: [Int] = []
    /// Slot + 1 per bucket, 0 for an empty bucket; at most 3/4 full.
    private var buckets = [UInt32](repeating: 0, count: 16)
    private var free: [UInt32] = []
    private(set) public var count = 0

    public init() {}

    @inline(__always)
    private func home(_ hash: Int) -> Int {
        // The hash is SipHash output: its low bits are as good as any.
        hash & (buckets.count - 1)
    }

    /// The interned set equal to `attributes`, with one more reference.
    public mutating func intern(_ attributes: PathAttributes) -> AttributeSetID {
        let hash = attributes.hashValue
        let mask = buckets.count - 1
        var i = home(hash)
        while buckets[i] != 0 {
            let slot = Int(buckets[i] - 1)
            if hashes[slot] == hash && sets[slot] == attributes {
                references[slot] += 1
                return AttributeSetID(raw: UInt32(slot))
            }
            i = (i + 1) & mask
        }
        let slot: UInt32
        if let reused = free.popLast() {
            slot = reused
            sets[Int(slot)] = attributes
            ranks[Int(slot)] = AttributeRank(attributes)
            references[Int(slot)] = 1
            hashes[Int(slot)] = hash
        } else {
            slot = UInt32(sets.count)
            sets.append(attributes)
            ranks.append(AttributeRank(attributes))
            references.append(1)
            hashes.append(hash)
        }
        count += 1
        if count * 4 > buckets.count * 3 {
            grow()
            place(slot + 1)
        } else {
            buckets[i] = slot + 1
        }
        return AttributeSetID(raw: slot)
    }

    /// Doubles the buckets and files every set again by its stored hash.
    private mutating func grow() {
        let old = buckets
        buckets = [UInt32](repeating: 0, count: old.count * 2)
        for bucket in old where bucket != 0 { place(bucket) }
    }

    private mutating func place(_ bucket: UInt32) {
        let mask = buckets.count - 1
        var i = home(hashes[Int(bucket - 1)])
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = bucket
    }

    /// One more reference to `id` (a second route now uses it).
    @inlinable
    public mutating func retain(_ id: AttributeSetID) {
        retain(id, count: 1)
    }

    /// `count` more references to `id`.
    public mutating func retain(_ id: AttributeSetID, count: Int) {
        references[Int(id.raw)] += UInt32(count)
    }

    /// One reference fewer; the set is freed when none is left.
    public mutating func release(_ id: AttributeSetID) {
        let slot = Int(id.raw)
        references[slot] -= 1
        guard references[slot] == 0 else { return }
        unfile(id.raw)
        sets[slot] = PathAttributes()
        free.append(id.raw)
        count -= 1
    }

    /// Removes a slot's bucket (backward-shift deletion: later members of its probe run move into
    /// the hole when their home allows).
    private mutating func unfile(_ slot: UInt32) {
        let mask = buckets.count - 1
        var i = home(hashes[Int(slot)])
        while buckets[i] != slot + 1 { i = (i + 1) & mask }
        var hole = i
        var j = (i + 1) & mask
        while buckets[j] != 0 {
            let want = home(hashes[Int(buckets[j] - 1)])
            if (hole - want) & mask < (j - want) & mask {
                buckets[hole] = buckets[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        buckets[hole] = 0
    }

    /// The attributes of an interned set.
    public subscript(id: AttributeSetID) -> PathAttributes { sets[Int(id.raw)] }

    /// The decision-process values of an interned set.
    public func rank(_ id: AttributeSetID) -> AttributeRank { ranks[Int(id.raw)] }
}
