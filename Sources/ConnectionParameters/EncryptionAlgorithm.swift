/// A phase 1 or phase 2 encryption algorithm (`ike_enc_alg`, `ipsec_enc_alg`; API `IkeEncAlg`,
/// `IpsecEncAlg`).
///
/// Seed "Encryption Algorithm": aes (aes128, default), aes192, aes256, des, 3des; use an AES
/// variant, not des or 3des. GCM suites exist only on enhanced VPN gateways, not on transit
/// router attachments (reference §7), so they are not modelled.
public enum EncryptionAlgorithm: String, ConfigChoice {
    /// AES-128, the default (console label "aes (aes128)").
    case aes
    /// AES-192.
    case aes192
    /// AES-256.
    case aes256
    /// DES: accepted, not recommended (validation warns).
    case des
    /// Triple DES: accepted, not recommended (validation warns).
    case tripleDES = "3des"

    /// ``aes`` (seed; reference §6).
    public static let `default`: EncryptionAlgorithm = .aes

    /// Whether the vendor recommends it: the AES variants; des and 3des are "do not use" (seed note).
    public var isRecommended: Bool {
        switch self {
        case .aes, .aes192, .aes256: return true
        case .des, .tripleDES: return false
        }
    }

    /// Parses an API spelling in any letter case, plus `aes128`, the console's name for ``aes`` (seed).
    public init?(configText: String) {
        let wanted = configText.lowercased()
        if wanted == "aes128" {
            self = .aes
            return
        }
        guard let match = Self.allCases.first(where: { $0.rawValue == wanted }) else { return nil }
        self = match
    }
}

extension EncryptionAlgorithm: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
