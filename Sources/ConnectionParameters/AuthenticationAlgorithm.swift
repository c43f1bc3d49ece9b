/// A phase 1 or phase 2 authentication algorithm (`ike_auth_alg`, `ipsec_auth_alg`; API
/// `IkeAuthAlg`, `IpsecAuthAlg`).
///
/// Seed "Authentication Algorithm": sha1 (default), md5, sha256, sha384, sha512. The Japanese copy
/// adds that the on-premises PRF must match it in phase 1. The project warns about md5 as "not
/// recommended" (MD5 is broken for collision resistance, RFC 6151).
public enum AuthenticationAlgorithm: String, ConfigChoice {
    /// MD5: accepted, not recommended (validation warns).
    case md5
    /// SHA-1, the default.
    case sha1
    /// SHA-256.
    case sha256
    /// SHA-384.
    case sha384
    /// SHA-512.
    case sha512

    /// ``sha1`` (seed; reference §6, §7 for tunnels).
    public static let `default`: AuthenticationAlgorithm = .sha1

    /// Whether it is recommended: everything but md5.
    public var isRecommended: Bool { self != .md5 }
}

extension AuthenticationAlgorithm: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
