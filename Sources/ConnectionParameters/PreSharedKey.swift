// Pre-shared key rules and the emulator's deterministic default key.

/// The rules for a tunnel's pre-shared key (`tunnel_ike_config.psk`, API `Psk`) and the default
/// key used when none is given.
///
/// Seed (Japanese copy, "事前共有鍵") and reference §10.9, authoritative for the project: 1–100
/// characters of digits, letters and `` ~`!@#$%^&*()_-+={}[]\|;:',.<>/? ``; no space.
///
/// Choices where the sources disagree (reference §7 [CONFLICT]):
/// - The backslash is **allowed**: §10.9 lists `\|` inside a code span, where the backslash is
///   literal; §7's guess that it is markdown escaping is overridden by §10.9.
/// - `'` is allowed and `"` refused (§10.9 and Terraform; the SDK text shows `\"` instead).
/// - Letters are ASCII only: Chinese and other non-ASCII letters are refused.
public enum PreSharedKey {
    /// The longest key, 100 characters (seed; reference §7).
    public static let maximumLength = 100

    /// The length of a key the service generates when none is given: 16 (seed "Pre-shared Key").
    public static let generatedLength = 16

    /// Whether `scalar` may appear in a key: an ASCII letter or digit or one of
    /// `` ~`!@#$%^&*()_-+={}[]\|;:',.<>/? `` (reference §10.9).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        TextRules.isASCIIAlphanumeric(scalar) || TextRules.pskSpecials.contains(scalar)
    }

    /// Checks a key: `psk_length` when it is not 1–100 characters, `psk_invalid_character` for the
    /// first character outside the allowed set (space, `"`, non-ASCII, control characters).
    /// - Parameters:
    ///   - psk: the key as configured.
    ///   - field: where it sits, e.g. `…tunnel_ike_config.psk`.
    public static func validate(_ psk: String, at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let length = psk.unicodeScalars.count
        if length < 1 || length > maximumLength {
            issues.append(ValidationIssue(
                code: .pskLength, field: field, value: psk,
                message: "the pre-shared key has \(length) characters; it must have 1 to \(maximumLength)"))
        }
        if let bad = TextRules.firstDisallowed(in: psk, where: isAllowed) {
            issues.append(ValidationIssue(
                code: .pskInvalidCharacter, field: field, value: psk,
                message: "\(TextRules.describe(bad.scalar)) at position \(bad.offset + 1) is not allowed in a"
                    + " pre-shared key (digits, letters and ~`!@#$%^&*()_-+={}[]\\|;:',.<>/? only; no spaces)"))
        }
        return issues
    }

    /// The characters of a generated key: ASCII letters and digits, a subset of the allowed set
    /// chosen so that a generated key needs no quoting in any device configuration.
    public static let generatedAlphabet: [Character] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A 16-character key derived deterministically from `seed`.
    ///
    /// The real service draws a random 16-character key when `Psk` is omitted (seed "Pre-shared
    /// Key"; readable afterwards through the console or DescribeVpnAttachments). The emulator has no
    /// randomness source, so it derives the key instead: FNV-1a (64-bit) of the seed's UTF-8 bytes
    /// seeds a SplitMix64 generator, and each output picks one of the 62 letters and digits. The
    /// same seed always gives the same key, so simulations and goldens are reproducible; callers
    /// use ``defaultSeed(connectionID:tunnelIndex:)`` so the two tunnels get different keys.
    public static func generate(seed: String) -> String {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
        for byte in seed.utf8 {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01B3  // FNV-1a prime
        }
        var key = ""
        key.reserveCapacity(generatedLength)
        for _ in 0..<generatedLength {
            // SplitMix64 (Steele, Lea, Flood 2014).
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            key.append(generatedAlphabet[Int(z % UInt64(generatedAlphabet.count))])
        }
        return key
    }

    /// The seed the emulator uses for a tunnel's default key: `"<connection id>/tunnel<index>"`.
    public static func defaultSeed(connectionID: String, tunnelIndex: Int) -> String {
        connectionID + "/tunnel" + String(tunnelIndex)
    }
}
