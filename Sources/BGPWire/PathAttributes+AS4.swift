import NetworkPrimitives

extension PathAttributes {
    /// The attributes with AS4_PATH and AS4_AGGREGATOR merged into AS_PATH and AGGREGATOR, as a
    /// 4-octet speaker must do with an UPDATE from a 2-octet ("OLD") speaker (RFC 6793 §4.2.3).
    ///
    /// - If AGGREGATOR and AS4_AGGREGATOR are both present and AGGREGATOR's AS is not AS_TRANS,
    ///   AS4_AGGREGATOR and AS4_PATH are both ignored (the rule is written for the pair: AGGREGATOR
    ///   alone does not silence AS4_PATH).
    /// - If AGGREGATOR's AS is AS_TRANS and AS4_AGGREGATOR is present, it replaces AGGREGATOR.
    /// - If AS_PATH counts fewer ASes than AS4_PATH, AS4_PATH is ignored.
    /// - Otherwise the path is the leading ASes of AS_PATH that AS4_PATH does not cover, then AS4_PATH
    ///   (confederation segments in AS4_PATH are dropped; RFC 6793 §6). A confederation segment of
    ///   AS_PATH is kept when it leads or follows a kept segment, even if no AS needs taking.
    public func mergingAS4Attributes() -> PathAttributes {
        var merged = self
        merged.as4Path = nil
        merged.as4Aggregator = nil
        if let aggregator, as4Aggregator != nil, aggregator.asn != .trans {
            return merged
        }
        if aggregator != nil, let as4Aggregator {
            merged.aggregator = as4Aggregator
        }
        guard let asPath, let as4Path else { return merged }
        let as4 = ASPath(segments: as4Path.segments.filter { !$0.type.isConfederation })
        let count = asPath.length
        let count4 = as4.length
        guard count >= count4 else { return merged }
        var keep = count - count4
        var leading: [ASPathSegment] = []
        for segment in asPath.segments {
            // Stop at the first segment not needed; a confederation segment reached here leads or is
            // adjacent to a prepended one, so it is prepended (RFC 6793 §4.2.3).
            guard keep > 0 || segment.type.isConfederation else { break }
            switch segment.type {
            case .asSequence:
                let taken = Array(segment.asns.prefix(keep))
                keep -= taken.count
                leading.append(ASPathSegment(type: .asSequence, asns: taken))
            case .asSet:
                keep -= 1
                leading.append(segment)
            case .confedSequence, .confedSet:
                leading.append(segment)
            }
        }
        // Join the last leading sequence to the first sequence of AS4_PATH, only at that boundary:
        // the prepended ASes continue the path AS4_PATH starts. AS4_PATH's own segments stay as sent.
        var segments = leading
        var rest = as4.segments[...]
        if let first = rest.first, first.type == .asSequence, let last = segments.last, last.type == .asSequence {
            segments[segments.count - 1].asns += first.asns
            rest = rest.dropFirst()
        }
        segments += rest
        merged.asPath = ASPath(segments: segments)
        return merged
    }
}
