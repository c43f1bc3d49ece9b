/// A closed choice whose raw values are the vendor API/Terraform spellings (`ikev2`, `aes`, `group2`).
///
/// ``init(configText:)`` accepts them in any letter case; types with documented aliases override it
/// (``EncryptionAlgorithm`` takes `aes128` for `aes`). ``ConfigParsing/choice(_:_:at:)`` turns a
/// refused text into a `choice_invalid` issue that lists the spellings.
public protocol ConfigChoice: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// Parses an API spelling, ignoring ASCII letter case; `nil` when it is none of ``allCases``.
    init?(configText: String)
}

extension ConfigChoice {
    /// Matches ``allCases`` by raw value, ignoring ASCII letter case.
    public init?(configText: String) {
        let wanted = configText.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }

    /// Every API spelling, in declaration order, e.g. `ikev1|ikev2`.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: "|") }
}
