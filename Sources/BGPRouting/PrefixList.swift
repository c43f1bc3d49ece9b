import NetworkPrimitives

/// One entry of a prefix list: the match condition of a CEN route map's destination CIDR blocks
/// (`CreateCenRouteMap` `DestinationCidrBlocks` with `CidrMatchMode` `Complete` or `Include`).
public struct PrefixListEntry: Sendable, Hashable {
    public var prefix: IPPrefix
    public var mode: Mode

    /// How a route's prefix must relate to `prefix`.
    public enum Mode: Sendable, Hashable {
        /// The same prefix (`Complete`).
        case exact
        /// The prefix itself or any more specific one inside it (`Include`).
        case orLonger
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
        }
    }
}
