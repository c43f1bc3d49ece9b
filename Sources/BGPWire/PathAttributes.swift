import NetworkPrimitives

/// The path attributes of an UPDATE (RFC 4271 §5), other than MP_REACH_NLRI / MP_UNREACH_NLRI,
/// which belong to the NLRI (see ``UpdateMessage``).
///
/// A value type with value equality, so that identical attribute sets can be interned by the RIB.
/// Absent attributes are `nil` (or empty lists: an empty COMMUNITIES attribute is malformed on the
/// wire, RFC 7606 §7.8, so "absent" and "empty" never need to be told apart).
///
/// Storage is copy-on-write: copying an attribute set costs one reference count, and two sets that
/// share storage compare equal without looking at their fields.
public struct PathAttributes: Sendable {
    /// The attribute values, stored inline in the shared box.
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline var origin: Origin? = nil
        @usableFromInline var asPath: ASPath? = nil
        @usableFromInline var nextHop: IPv4Address? = nil
        @usableFromInline var multiExitDiscriminator: UInt32? = nil
        @usableFromInline var localPreference: UInt32? = nil
        @usableFromInline var atomicAggregate: Bool = false
        @usableFromInline var aggregator: Aggregator? = nil
        @usableFromInline var communities: [Community] = []
        @usableFromInline var originatorID: IPv4Address? = nil
        @usableFromInline var clusterList: [IPv4Address] = []
        @usableFromInline var extendedCommunities: [ExtendedCommunity] = []
        @usableFromInline var as4Path: ASPath? = nil
        @usableFromInline var as4Aggregator: Aggregator? = nil
        @usableFromInline var largeCommunities: [LargeCommunity] = []
        @usableFromInline var onlyToCustomer: ASNumber? = nil
        @usableFromInline var unrecognized: [RawAttribute] = []
    }

    @usableFromInline
    final class Box: @unchecked Sendable {
        // Mutated only through `PathAttributes`, after `isKnownUniquelyReferenced` (copy-on-write).
        @usableFromInline var fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    @usableFromInline
    init(fields: Fields) {
        self.box = Box(fields)
    }

    @usableFromInline
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    /// ORIGIN (RFC 4271 §5.1.1), well-known mandatory.
    @inlinable
    public var origin: Origin? {
        get { box.fields.origin }
        set { makeUnique(); box.fields.origin = newValue }
    }

    /// AS_PATH (RFC 4271 §5.1.2), well-known mandatory.
    @inlinable
    public var asPath: ASPath? {
        get { box.fields.asPath }
        set { makeUnique(); box.fields.asPath = newValue }
    }

    /// NEXT_HOP (RFC 4271 §5.1.3), mandatory for IPv4 NLRI in the NLRI field.
    @inlinable
    public var nextHop: IPv4Address? {
        get { box.fields.nextHop }
        set { makeUnique(); box.fields.nextHop = newValue }
    }

    /// MULTI_EXIT_DISC (RFC 4271 §5.1.4).
    @inlinable
    public var multiExitDiscriminator: UInt32? {
        get { box.fields.multiExitDiscriminator }
        set { makeUnique(); box.fields.multiExitDiscriminator = newValue }
    }

    /// LOCAL_PREF (RFC 4271 §5.1.5), internal peers only.
    @inlinable
    public var localPreference: UInt32? {
        get { box.fields.localPreference }
        set { makeUnique(); box.fields.localPreference = newValue }
    }

    /// ATOMIC_AGGREGATE (RFC 4271 §5.1.6).
    @inlinable
    public var atomicAggregate: Bool {
        get { box.fields.atomicAggregate }
        set { makeUnique(); box.fields.atomicAggregate = newValue }
    }

    /// AGGREGATOR (RFC 4271 §5.1.7; 4-octet ASN per RFC 6793).
    @inlinable
    public var aggregator: Aggregator? {
        get { box.fields.aggregator }
        set { makeUnique(); box.fields.aggregator = newValue }
    }

    /// COMMUNITIES (RFC 1997).
    @inlinable
    public var communities: [Community] {
        get { box.fields.communities }
        set { makeUnique(); box.fields.communities = newValue }
    }

    /// ORIGINATOR_ID (RFC 4456).
    @inlinable
    public var originatorID: IPv4Address? {
        get { box.fields.originatorID }
        set { makeUnique(); box.fields.originatorID = newValue }
    }

    /// CLUSTER_LIST (RFC 4456).
    @inlinable
    public var clusterList: [IPv4Address] {
        get { box.fields.clusterList }
        set { makeUnique(); box.fields.clusterList = newValue }
    }

    /// EXTENDED_COMMUNITIES (RFC 4360).
    @inlinable
    public var extendedCommunities: [ExtendedCommunity] {
        get { box.fields.extendedCommunities }
        set { makeUnique(); box.fields.extendedCommunities = newValue }
    }

    /// AS4_PATH (RFC 6793), only between a 4-octet and a 2-octet speaker.
    @inlinable
    public var as4Path: ASPath? {
        get { box.fields.as4Path }
        set { makeUnique(); box.fields.as4Path = newValue }
    }

    /// AS4_AGGREGATOR (RFC 6793).
    @inlinable
    public var as4Aggregator: Aggregator? {
        get { box.fields.as4Aggregator }
        set { makeUnique(); box.fields.as4Aggregator = newValue }
    }

    /// LARGE_COMMUNITY (RFC 8092).
    @inlinable
    public var largeCommunities: [LargeCommunity] {
        get { box.fields.largeCommunities }
        set { makeUnique(); box.fields.largeCommunities = newValue }
    }

    /// ONLY_TO_CUSTOMER (RFC 9234 §5).
    @inlinable
    public var onlyToCustomer: ASNumber? {
        get { box.fields.onlyToCustomer }
        set { makeUnique(); box.fields.onlyToCustomer = newValue }
    }

    /// Unrecognized optional transitive attributes, kept to be passed on with the Partial bit.
    @inlinable
    public var unrecognized: [RawAttribute] {
        get { box.fields.unrecognized }
        set { makeUnique(); box.fields.unrecognized = newValue }
    }

    /// An attribute set; every attribute absent unless given.
    public init(
        origin: Origin? = nil,
        asPath: ASPath? = nil,
        nextHop: IPv4Address? = nil,
        multiExitDiscriminator: UInt32? = nil,
        localPreference: UInt32? = nil,
        atomicAggregate: Bool = false,
        aggregator: Aggregator? = nil,
        communities: [Community] = [],
        originatorID: IPv4Address? = nil,
        clusterList: [IPv4Address] = [],
        extendedCommunities: [ExtendedCommunity] = [],
        as4Path: ASPath? = nil,
        as4Aggregator: Aggregator? = nil,
        largeCommunities: [LargeCommunity] = [],
        onlyToCustomer: ASNumber? = nil,
        unrecognized: [RawAttribute] = []
    ) {
        self.box = Box(Fields(
            origin: origin, asPath: asPath, nextHop: nextHop, multiExitDiscriminator: multiExitDiscriminator, localPreference: localPreference, atomicAggregate: atomicAggregate, aggregator: aggregator, communities: communities, originatorID: originatorID, clusterList: clusterList, extendedCommunities: extendedCommunities, as4Path: as4Path, as4Aggregator: as4Aggregator, largeCommunities: largeCommunities, onlyToCustomer: onlyToCustomer, unrecognized: unrecognized))
    }

    /// One empty set for every UPDATE without attributes (a withdrawal): no storage of its own.
    static let sharedEmpty = PathAttributes()

    /// Whether no attribute is present.
    public var isEmpty: Bool { box.fields == Fields() }

    /// Whether two sets share storage (a cheap, sufficient test for equality).
    @inlinable
    public func sharesStorage(with other: PathAttributes) -> Bool { box === other.box }
}

extension PathAttributes: Equatable {
    @inlinable
    public static func == (lhs: PathAttributes, rhs: PathAttributes) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }
}

extension PathAttributes: Hashable {
    @inlinable
    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }
}
