import BGPWire
import NetworkPrimitives

/// One entry of a prefix list.
public struct PrefixListEntry: Sendable, Hashable {
    public var prefix: IPPrefix
    public var mode: Mode

    /// How a route's prefix must relate to `prefix`.
    public enum Mode: Sendable, Hashable {
        /// The same prefix.
        case exact
        /// The prefix itself or any more specific one inside it.
        case orLonger
        /// Inside `prefix`, with a length in `lengths` (like `ge`/`le` in router configurations).
        case lengths(ClosedRange<Int>)
    }

    public init(_ prefix: IPPrefix, _ mode: Mode = .exact) {
        self.prefix = prefix
        self.mode = mode
    }

    /// Whether `candidate` matches this entry.
    public func matches(_ candidate: IPPrefix) -> Bool {
        switch mode {
        case .exact: candidate == prefix
        case .orLonger: prefix.contains(candidate)
        case .lengths(let range): prefix.contains(candidate) && range.contains(candidate.length)
        }
    }
}

/// The conditions of a policy term; every condition given must hold (absent ones always hold).
public struct PolicyMatch: Sendable, Hashable {
    /// The prefix matches at least one entry.
    public var prefixList: [PrefixListEntry]?
    /// The AS path contains this AS.
    public var asPathContains: ASNumber?
    /// The AS path length (RFC 4271 §9.1.2.2 a counting) is in this range.
    public var asPathLength: ClosedRange<Int>?
    /// The route carries at least one of these communities.
    public var anyCommunity: [Community]?
    /// The route carries all of these communities.
    public var allCommunities: [Community]?
    /// The ORIGIN is one of these.
    public var origins: Set<Origin>?
    /// The route came from one of these sources.
    public var sources: Set<PeerID>?

    public init(
        prefixList: [PrefixListEntry]? = nil, asPathContains: ASNumber? = nil, asPathLength: ClosedRange<Int>? = nil,
        anyCommunity: [Community]? = nil, allCommunities: [Community]? = nil, origins: Set<Origin>? = nil,
        sources: Set<PeerID>? = nil
    ) {
        self.prefixList = prefixList
        self.asPathContains = asPathContains
        self.asPathLength = asPathLength
        self.anyCommunity = anyCommunity
        self.allCommunities = allCommunities
        self.origins = origins
        self.sources = sources
    }

    /// Whether a route satisfies every condition.
    public func matches(prefix: IPPrefix, attributes: PathAttributes, source: PeerID) -> Bool {
        if let prefixList, !prefixList.contains(where: { $0.matches(prefix) }) { return false }
        let path = attributes.asPath ?? .empty
        if let asPathContains, !path.contains(asPathContains) { return false }
        if let asPathLength, !asPathLength.contains(path.length) { return false }
        if let anyCommunity, !anyCommunity.contains(where: attributes.communities.contains) { return false }
        if let allCommunities, !allCommunities.allSatisfy(attributes.communities.contains) { return false }
        if let origins, !origins.contains(attributes.origin ?? .incomplete) { return false }
        if let sources, !sources.contains(source) { return false }
        return true
    }
}

/// What a matching term does to a route it permits.
public struct PolicyActions: Sendable, Hashable {
    /// An AS put in front of the path `count` times.
    public struct Prepend: Sendable, Hashable {
        public var asn: ASNumber
        public var count: Int

        public init(asn: ASNumber, count: Int) {
            self.asn = asn
            self.count = count
        }
    }

    /// Prepend this AS this many times (RFC 4271 §5.1.2 b).
    public var prepend: Prepend?
    /// Set MULTI_EXIT_DISC.
    public var setMED: UInt32?
    /// Set LOCAL_PREF.
    public var setLocalPreference: UInt32?
    /// Add these communities (kept sorted, without duplicates).
    public var addCommunities: [Community]
    /// Remove these communities.
    public var removeCommunities: [Community]
    /// Set the route-map preference (CEN route maps: 1...100, smaller wins; used by the TR's selection).
    public var setPreference: UInt32?

    public init(
        prepend: Prepend? = nil, setMED: UInt32? = nil, setLocalPreference: UInt32? = nil,
        addCommunities: [Community] = [], removeCommunities: [Community] = [], setPreference: UInt32? = nil
    ) {
        self.prepend = prepend
        self.setMED = setMED
        self.setLocalPreference = setLocalPreference
        self.addCommunities = addCommunities
        self.removeCommunities = removeCommunities
        self.setPreference = setPreference
    }

    /// Applies the actions to `attributes`.
    public func apply(to attributes: PathAttributes) -> PathAttributes {
        var result = attributes
        if let prepend, prepend.count > 0 {
            result.asPath = (result.asPath ?? .empty).prepending(prepend.asn, count: prepend.count)
        }
        if let setMED { result.multiExitDiscriminator = setMED }
        if let setLocalPreference { result.localPreference = setLocalPreference }
        if !addCommunities.isEmpty || !removeCommunities.isEmpty {
            var set = Set(result.communities)
            set.formUnion(addCommunities)
            set.subtract(removeCommunities)
            result.communities = set.sorted()
        }
        return result
    }
}

/// One term of a policy: a priority, conditions, permit or deny, and actions.
public struct PolicyTerm: Sendable, Hashable {
    /// Lower numbers are evaluated first (as CEN route-map priorities).
    public var priority: Int
    public var match: PolicyMatch
    public var permit: Bool
    public var actions: PolicyActions

    public init(priority: Int, match: PolicyMatch = PolicyMatch(), permit: Bool, actions: PolicyActions = PolicyActions()) {
        self.priority = priority
        self.match = match
        self.permit = permit
        self.actions = actions
    }
}

/// The result of running a policy on one route.
public struct PolicyResult: Sendable, Hashable {
    /// Whether the route passes.
    public var permitted: Bool
    /// The attributes after the matching term's actions.
    public var attributes: PathAttributes
    /// The route-map preference set by the term, if any.
    public var preference: UInt32?
    /// The priority of the term that decided, or `nil` when the default applied.
    public var decidingTerm: Int?
}

/// A route policy: terms evaluated in priority order; the first term whose conditions hold decides.
/// A route no term matches gets ``defaultPermit`` (permit unless configured otherwise, as CEN route
/// maps pass routes that match no entry).
public struct RoutePolicy: Sendable, Hashable {
    public private(set) var terms: [PolicyTerm]
    public var defaultPermit: Bool

    public init(terms: [PolicyTerm] = [], defaultPermit: Bool = true) {
        self.terms = terms.sorted { $0.priority < $1.priority }
        self.defaultPermit = defaultPermit
    }

    /// A policy that passes every route unchanged.
    public static let permitAll = RoutePolicy()

    /// Whether the policy has no terms and permits by default (routes pass untouched).
    public var isPermitAll: Bool { terms.isEmpty && defaultPermit }

    /// Evaluates the policy on one route.
    public func evaluate(prefix: IPPrefix, attributes: PathAttributes, source: PeerID) -> PolicyResult {
        for term in terms where term.match.matches(prefix: prefix, attributes: attributes, source: source) {
            guard term.permit else {
                return PolicyResult(permitted: false, attributes: attributes, preference: nil, decidingTerm: term.priority)
            }
            return PolicyResult(permitted: true, attributes: term.actions.apply(to: attributes),
                                preference: term.actions.setPreference, decidingTerm: term.priority)
        }
        return PolicyResult(permitted: defaultPermit, attributes: attributes, preference: nil, decidingTerm: nil)
    }
}
