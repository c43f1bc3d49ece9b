/// The ORIGIN attribute (RFC 4271 §5.1.1): how the route entered BGP. Lower is preferred (§9.1.2.2 c).
public enum Origin: UInt8, Sendable, Hashable, CaseIterable {
    /// 0: interior to the originating AS.
    case igp = 0
    /// 1: learned via EGP.
    case egp = 1
    /// 2: learned some other way (redistribution).
    case incomplete = 2
}

extension Origin: Comparable {
    public static func < (lhs: Origin, rhs: Origin) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Origin: CustomStringConvertible {
    public var description: String {
        switch self {
        case .igp: "igp"
        case .egp: "egp"
        case .incomplete: "incomplete"
        }
    }
}
