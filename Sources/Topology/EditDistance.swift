/// "Did you mean" suggestions for misspelled field names.
public enum EditDistance {
    /// The optimal string alignment distance between `a` and `b`, in characters: insertions,
    /// deletions, substitutions and transpositions of adjacent characters (`bpg` → `bgp` is 1)
    /// each cost 1.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, beforePrevious[j - 2] + 1)
                }
                current[j] = best
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name`, if it is close enough to be a likely misspelling.
    ///
    /// Names are compared lowercased with `-` read as `_` (so `Local-ASN` matches `local_asn`
    /// exactly). A candidate qualifies when the distance is at most a third of the longer name
    /// (at least 1, at most 3); the closest wins, then the first in `candidates` order.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        // A name far longer than any plausible candidate is no misspelling (and an 8 MB key must
        // not cost a distance computation per candidate).
        guard name.utf8.count <= 256 else { return nil }
        let normalized = normalize(name)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let other = normalize(candidate)
            let edits = distance(normalized, other)
            let threshold = min(3, max(1, max(normalized.count, other.count) / 3))
            guard edits <= threshold else { continue }
            if best == nil || edits < best!.distance {
                best = (candidate, edits)
            }
        }
        return best?.candidate
    }

    private static func normalize(_ name: String) -> [Character] {
        name.lowercased().map { $0 == "-" ? "_" : $0 }
    }
}
