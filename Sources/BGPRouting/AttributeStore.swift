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
/// - Complexity: ``intern(_:)`` hashes the attributes once (call it once per UPDATE, not per
///   prefix); ``retain(_:)``, ``release(_:)`` and the subscript are O(1).
public struct AttributeStore: Sendable {
    private var sets: [PathAttributes] = []
    private var ranks: [AttributeRank] = []
    private var references: [UInt32] = []
    private var index: [PathAttributes: UInt32] = [:]
    private var free: [UInt32] = []

    public init() {}

    /// The number of attribute sets in use.
    public var count: Int { index.count }

    /// The interned set equal to `attributes`, with one more reference.
    public mutating func intern(_ attributes: PathAttributes) -> AttributeSetID {
        if let slot = index[attributes] {
            references[Int(slot)] += 1
            return AttributeSetID(raw: slot)
        }
        let slot: UInt32
        if let reused = free.popLast() {
            slot = reused
            sets[Int(slot)] = attributes
            ranks[Int(slot)] = AttributeRank(attributes)
            references[Int(slot)] = 1
        } else {
            slot = UInt32(sets.count)
            sets.append(attributes)
            ranks.append(AttributeRank(attributes))
            references.append(1)
        }
        index[attributes] = slot
        return AttributeSetID(raw: slot)
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
        index[sets[slot]] = nil
        sets[slot] = PathAttributes()
        free.append(id.raw)
    }

    /// The attributes of an interned set.
    public subscript(id: AttributeSetID) -> PathAttributes { sets[Int(id.raw)] }

    /// The decision-process values of an interned set.
    public func rank(_ id: AttributeSetID) -> AttributeRank { ranks[Int(id.raw)] }
}
