import NetworkPrimitives

/// The type of an AS_PATH segment (RFC 4271 §4.3, RFC 5065 §3).
public enum ASPathSegmentType: UInt8, Sendable, Hashable {
    /// 1: unordered set of ASes (from aggregation).
    case asSet = 1
    /// 2: ordered sequence of ASes, nearest first.
    case asSequence = 2
    /// 3: confederation member sequence (RFC 5065).
    case confedSequence = 3
    /// 4: confederation member set (RFC 5065).
    case confedSet = 4

    /// Whether the segment is one of the confederation types.
    public var isConfederation: Bool { self == .confedSequence || self == .confedSet }
}

/// One AS_PATH segment: a type and 1 to 255 ASes on the wire (longer runs are split when encoded).
public struct ASPathSegment: Sendable, Hashable {
    public var type: ASPathSegmentType
    public var asns: [ASNumber]

    public init(type: ASPathSegmentType, asns: [ASNumber]) {
        self.type = type
        self.asns = asns
    }

    /// The segment's contribution to the path length (RFC 4271 §9.1.2.2 a; RFC 5065 §5.3):
    /// a sequence counts each AS, a set counts 1, confederation segments count 0.
    public var pathLength: Int {
        switch type {
        case .asSequence: asns.count
        case .asSet: 1
        case .confedSequence, .confedSet: 0
        }
    }
}

/// An AS path (RFC 4271 §5.1.2), as a list of segments, nearest AS first.
///
/// The same type holds AS_PATH and AS4_PATH; every ASN is kept as 4 octets in memory. The common
/// case, one AS_SEQUENCE (or the empty path), is stored as a bare ASN list: one allocation, and the
/// decision process reads its length without walking segments.
public struct ASPath: Sendable, Hashable {
    @usableFromInline
    enum Storage: Sendable, Hashable {
        /// One AS_SEQUENCE, or the empty path when the list is empty.
        case sequence([ASNumber])
        /// Anything else.
        case segments([ASPathSegment])
    }

    @usableFromInline var storage: Storage

    /// The segments, nearest first.
    public var segments: [ASPathSegment] {
        get {
            switch storage {
            case .sequence(let asns): asns.isEmpty ? [] : [ASPathSegment(type: .asSequence, asns: asns)]
            case .segments(let segments): segments
            }
        }
        set { storage = ASPath.normalized(newValue) }
    }

    public init(segments: [ASPathSegment] = []) {
        self.storage = ASPath.normalized(segments)
    }

    /// A path made of one AS_SEQUENCE (empty when `asns` is empty).
    public init(sequence asns: [ASNumber]) {
        self.storage = .sequence(asns)
    }

    private static func normalized(_ segments: [ASPathSegment]) -> Storage {
        let kept = segments.filter { !$0.asns.isEmpty }
        if kept.isEmpty { return .sequence([]) }
        if kept.count == 1, kept[0].type == .asSequence { return .sequence(kept[0].asns) }
        return .segments(kept)
    }

    /// The empty path of a locally originated route.
    public static let empty = ASPath()

    /// The ASes when the path is a single AS_SEQUENCE (or empty), without building segments.
    @inlinable
    public var plainSequence: [ASNumber]? {
        if case .sequence(let asns) = storage { return asns }
        return nil
    }

    /// The length used by the decision process (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3).
    @inlinable
    public var length: Int {
        switch storage {
        case .sequence(let asns): asns.count
        case .segments(let segments): segments.reduce(0) { $0 + $1.pathLength }
        }
    }

    /// Whether `asn` appears anywhere in the path (loop detection, RFC 4271 §9.1.2).
    public func contains(_ asn: ASNumber) -> Bool {
        switch storage {
        case .sequence(let asns): asns.contains(asn)
        case .segments(let segments): segments.contains { $0.asns.contains(asn) }
        }
    }

    /// The neighbouring AS: the first AS of a leading AS_SEQUENCE (RFC 4271 §9.1.2.2 c uses it for MED).
    public var neighborAS: ASNumber? {
        guard let first = segments.first(where: { !$0.type.isConfederation }), first.type == .asSequence else {
            return nil
        }
        return first.asns.first
    }

    /// The originating AS: the last AS of a trailing AS_SEQUENCE.
    public var originAS: ASNumber? {
        guard let last = segments.last, last.type == .asSequence else { return nil }
        return last.asns.last
    }

    /// The path with `asn` put in front `count` times (RFC 4271 §5.1.2 b: joined to a leading
    /// AS_SEQUENCE when there is one with room, otherwise as a new one).
    public func prepending(_ asn: ASNumber, count: Int = 1) -> ASPath {
        guard count > 0 else { return self }
        let added = [ASNumber](repeating: asn, count: count)
        if case .sequence(let asns) = storage { return ASPath(sequence: added + asns) }
        var segments = self.segments
        if let first = segments.first, first.type == .asSequence {
            segments[0].asns = added + first.asns
        } else {
            segments.insert(ASPathSegment(type: .asSequence, asns: added), at: 0)
        }
        return ASPath(segments: segments)
    }

    /// Every AS in the path, in order, sets flattened.
    public var allASNumbers: [ASNumber] {
        switch storage {
        case .sequence(let asns): asns
        case .segments(let segments): segments.flatMap(\.asns)
        }
    }
}

extension ASPath: CustomStringConvertible {
    /// The conventional text form: `65001 65002 {64512,64513} (65100)`; `[ ... ]` for a confed set.
    public var description: String {
        segments.map { segment -> String in
            let list = segment.asns.map { String($0.rawValue) }
            switch segment.type {
            case .asSequence: return list.joined(separator: " ")
            case .asSet: return "{" + list.joined(separator: ",") + "}"
            case .confedSequence: return "(" + list.joined(separator: " ") + ")"
            case .confedSet: return "[" + list.joined(separator: ",") + "]"
            }
        }.joined(separator: " ")
    }
}
