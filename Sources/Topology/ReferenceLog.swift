/// The IDs a document defines and the references to them, recorded while it is read, also for
/// objects that fail to read.
///
/// A reference is then checked whatever else is wrong with the object that holds it (a bad
/// `enable_tunnels_bgp` does not hide a tunnel's unknown `customer_gateway_id`), and an object
/// that failed to read still counts as defined (its bad field does not make every reference to it
/// "unknown" as well): one problem, one issue.
struct ReferenceLog {
    /// What an ID names.
    enum Kind: Hashable {
        case customerGateway
        case connection
    }

    /// One reference: the ID, and the JSON path and location of the field that holds it (kept here
    /// so that an unknown reference is placed without indexing the whole document).
    struct Reference {
        var kind: Kind
        var id: String
        var path: String
        var location: SourceLocation?
    }

    private(set) var defined: [Kind: Set<String>] = [:]
    private(set) var references: [Reference] = []

    mutating func define(_ kind: Kind, _ id: String) {
        defined[kind, default: []].insert(id)
    }

    mutating func refer(_ kind: Kind, _ id: String, at path: String, location: SourceLocation?) {
        references.append(Reference(kind: kind, id: id, path: path, location: location))
    }

    func ids(_ kind: Kind) -> Set<String> { defined[kind] ?? [] }

    /// One issue per reference to an ID nobody defines: `customer_gateway_unknown` or
    /// `unknown_connection`, with the known IDs (the first 10) and a suggestion.
    func unresolved() -> [(code: String, path: String, location: SourceLocation?, message: String)] {
        references.compactMap { reference in
            let known = ids(reference.kind)
            guard !known.contains(reference.id) else { return nil }
            let sorted = known.sorted()
            var list = sorted.prefix(10).joined(separator: ", ")
            if sorted.count > 10 { list += ", … (\(sorted.count) in all)" }
            var hint = "known: " + (sorted.isEmpty ? "none" : list)
            if let suggestion = EditDistance.suggestion(for: reference.id, among: sorted) { hint += "; did you mean '\(suggestion)'?" }
            switch reference.kind {
            case .customerGateway:
                return ("customer_gateway_unknown", reference.path, reference.location,
                        "there is no customer gateway '\(Echo.clip(reference.id))' (\(hint))")
            case .connection:
                return ("unknown_connection", reference.path, reference.location, "no IPsec connection '\(Echo.clip(reference.id))' (\(hint))")
            }
        }
    }
}

/// How much of a value an issue echoes: at most 80 characters.
public enum Echo {
    /// The longest echoed value, in characters.
    public static let maximumLength = 80

    /// `text`, or its first 79 characters and `…` when longer than 80.
    public static func clip(_ text: String) -> String {
        var count = 0
        var end = text.startIndex
        while end < text.endIndex {
            count += 1
            if count > maximumLength { return String(text[..<text.index(before: end)]) + "…" }
            end = text.index(after: end)
        }
        return text
    }
}
