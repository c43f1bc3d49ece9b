import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// The verdict of the TR's selection on one candidate (reference §0 `Status`, §10 item 2).
public enum CandidateVerdict: Sendable, Hashable {
    /// Forwards traffic (the best, or an ECMP member).
    case active
    /// Kept as a backup: the selection step that decided against it.
    case standby(TransitRouterTieBreaker)
    /// Denied by an ingress route map (its priority).
    case rejected(routeMap: Int32)
}

/// One candidate of a TR destination, as small integers (≈ an element of FRR's path list): who offers
/// it, how, and with which interned attributes (after the ingress route map).
struct Candidate: Sendable, Hashable {
    /// The interned attributes (after the ingress route map).
    var attributes: AttributeSetID
    /// Propagated: the attachment's index in the model's ``AttachmentDirectory``. Static: the index of
    /// the route in its table's `staticRoutes`.
    var source: UInt32
    var verdict: CandidateVerdict
    var isStatic: Bool
    var origin: RouteOriginType
    /// Route-map `Preference`, 1...100, smaller wins (50 by default).
    var preference: UInt8

    init(source: UInt32, isStatic: Bool, origin: RouteOriginType, preference: UInt8, verdict: CandidateVerdict, attributes: AttributeSetID) {
        self.attributes = attributes
        self.source = source
        self.verdict = verdict
        self.isStatic = isStatic
        self.origin = origin
        self.preference = preference
    }
}

/// A short list stored inline: most TR destinations have one candidate, so a record holds it without
/// an allocation of its own; more go to `rest`.
struct CandidateList: Sendable, Hashable, RandomAccessCollection, MutableCollection {
    private var first: Candidate
    private var rest: [Candidate]

    init(_ candidate: Candidate) {
        first = candidate
        rest = []
    }

    var startIndex: Int { 0 }
    var endIndex: Int { 1 + rest.count }

    subscript(position: Int) -> Candidate {
        get { position == 0 ? first : rest[position - 1] }
        set { if position == 0 { first = newValue } else { rest[position - 1] = newValue } }
    }

    mutating func append(_ candidate: Candidate) { rest.append(candidate) }

    /// Removes the element at `position`; the list must keep at least one.
    mutating func remove(at position: Int) {
        if position == 0 { first = rest.removeFirst() } else { rest.remove(at: position - 1) }
    }
}

/// One prefix of a TR route table with its candidates (≈ BIRD's `net` with its route chain).
struct TransitRouterDestination: Sendable {
    var prefix: IPv4Prefix
    var candidates: CandidateList
}

/// A TR route table: one ``PrefixIndex`` and a dense array of destinations.
struct TransitRouterTable: Sendable {
    let id: String
    var index = PrefixIndex()
    var records: ContiguousArray<TransitRouterDestination?> = []
    private var freeSlots: [Int32] = []

    init(id: String) {
        self.id = id
    }

    var count: Int { records.count - freeSlots.count }

    func destination(_ prefix: IPv4Prefix) -> TransitRouterDestination? {
        index.slot(of: prefix).flatMap { records[Int($0)] }
    }

    /// Stores `candidates` for `prefix` (`nil`: none left, the destination goes).
    mutating func set(_ prefix: IPv4Prefix, _ candidates: CandidateList?) {
        if let slot = index.slot(of: prefix) {
            set(slot: slot, prefix: prefix, candidates)
        } else if let candidates {
            insert(prefix, candidates)
        }
    }

    /// Adds a destination that is not in the table (no lookup).
    mutating func insert(_ prefix: IPv4Prefix, _ candidates: CandidateList) {
        let record = TransitRouterDestination(prefix: prefix, candidates: candidates)
        let slot: Int32
        if let reused = freeSlots.popLast() {
            slot = reused
            records[Int(slot)] = record
        } else {
            slot = Int32(records.count)
            records.append(record)
        }
        index.insert(prefix, slot: slot)
    }

    /// Replaces the candidates of the destination at `slot` (`nil`: it goes).
    mutating func set(slot: Int32, prefix: IPv4Prefix, _ candidates: CandidateList?) {
        if let candidates {
            records[Int(slot)]!.candidates = candidates
        } else {
            index.remove(prefix)
            records[Int(slot)] = nil
            freeSlots.append(slot)
        }
    }

    /// Every destination, in no particular order.
    var destinations: some Sequence<TransitRouterDestination> { records.lazy.compactMap { $0 } }
}

/// The TR's route selection among the candidates for one prefix (reference §10 item 2).
public enum TransitRouterSelection {
    /// The most attachments that share traffic for one prefix (reference §1b: 16 ECMP-capable VPN attachments).
    public static let maximumECMP = 16

    /// What the selection reads about a candidate besides the candidate itself.
    struct Facts {
        /// The candidate is a VPC attachment's System route for its own CIDR (step 0).
        var isVPCSystemRoute: Bool
        /// The candidate comes from Express Connect (a VBR attachment) or from a VPN attachment (step d).
        var learnedFrom: LearnedFrom
        var asPathLength: Int
        var isLocalRegion: Bool
        /// The next-hop attachment's ID ("" for a blackhole): the order of ECMP members and the last tie-break.
        var nextHop: String
    }

    /// Where a propagated candidate was learned, for step (d): Express Connect beats VPN; other
    /// sources do not take part in the step.
    enum LearnedFrom: Comparable {
        case expressConnect
        case other
        case vpn
    }

    /// Marks every candidate Active (best, or an ECMP member) or Standby with the step that decided,
    /// eliminating step by step in the order of ``TransitRouterTieBreaker``. Rejected candidates are left alone.
    static func select(_ list: inout CandidateList, facts: (Candidate) -> Facts) {
        var alive: [Int] = []
        for i in list.indices {
            if case .rejected = list[i].verdict { continue }
            alive.append(i)
        }
        if alive.count == 1 {
            list[alive[0]].verdict = .active
            return
        }
        let known = alive.map { facts(list[$0]) }
        var aliveFacts = Dictionary(uniqueKeysWithValues: zip(alive, known))
        func keep<Key: Comparable>(_ step: TransitRouterTieBreaker, lowerWins: Bool, _ key: (Candidate, Facts) -> Key) {
            guard alive.count > 1 else { return }
            let keys = alive.map { key(list[$0], aliveFacts[$0]!) }
            guard let best = lowerWins ? keys.min() : keys.max() else { return }
            var kept: [Int] = []
            for (position, index) in alive.enumerated() {
                if keys[position] == best { kept.append(index) } else { list[index].verdict = .standby(step) }
            }
            alive = kept
        }
        // (0) a VPC's System route for its own CIDR keeps the CIDR: all the others are Standby.
        keep(.vpcSystemRoute, lowerWins: false) { _, facts in facts.isVPCSystemRoute ? 1 : 0 }
        keep(.staticOverPropagated, lowerWins: false) { candidate, _ in candidate.isStatic ? 1 : 0 }
        keep(.routeMapPreference, lowerWins: true) { candidate, _ in candidate.preference }
        keep(.originType, lowerWins: false) { candidate, _ in candidate.origin.isBGP ? 1 : 0 }
        // (d) Express Connect before VPN: only when both are among the remaining candidates.
        if alive.contains(where: { aliveFacts[$0]!.learnedFrom == .expressConnect }) {
            keep(.expressConnectPreferred, lowerWins: true) { _, facts in facts.learnedFrom == .vpn ? 1 : 0 }
        }
        keep(.asPathLength, lowerWins: true) { _, facts in facts.asPathLength }
        keep(.localRegion, lowerWins: false) { _, facts in facts.isLocalRegion ? 1 : 0 }
        // (g) the remaining ties share traffic (ECMP) up to the limit; past it, the lower attachment ID wins.
        let ordered = alive.sorted { aliveFacts[$0]!.nextHop < aliveFacts[$1]!.nextHop }
        for (rank, index) in ordered.enumerated() {
            list[index].verdict = rank < maximumECMP ? .active : .standby(.attachmentID)
        }
        aliveFacts.removeAll()
    }
}
