import BGPWire

/// Shares identical attribute sets: every route whose attributes are equal holds the same storage,
/// so a full table with 50,000 distinct sets stores 50,000 of them, not one per route, and equality
/// between interned sets is an identity check.
public struct AttributeInterner: Sendable {
    private var sets: Set<PathAttributes> = []

    public init() {}

    /// The number of distinct sets held.
    public var count: Int { sets.count }

    /// The canonical instance equal to `attributes`.
    public mutating func intern(_ attributes: PathAttributes) -> PathAttributes {
        sets.insert(attributes).memberAfterInsert
    }

    /// Keeps only the sets in `live` (call after large withdrawals; O(live)).
    public mutating func retainOnly<S: Sequence>(_ live: S) where S.Element == PathAttributes {
        var kept = Set<PathAttributes>()
        for attributes in live { kept.insert(attributes) }
        sets = kept
    }
}
