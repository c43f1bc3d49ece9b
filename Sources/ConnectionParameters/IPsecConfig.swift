// Phase 2 settings of one tunnel: `tunnel_ipsec_config` (API `TunnelIpsecConfig`).

/// The phase 2 (IPsec) settings of a tunnel: Terraform `tunnel_ipsec_config`, API `TunnelIpsecConfig`.
///
/// Defaults (seed "Encryption Configuration: IPsec Configuration"; reference §6): aes, sha1,
/// PFS group2, 86400 s.
public struct IPsecConfig: Sendable, Hashable {
    /// `ipsec_enc_alg`: aes by default.
    public var encryption: EncryptionAlgorithm
    /// `ipsec_auth_alg`: sha1 by default.
    public var authentication: AuthenticationAlgorithm
    /// `ipsec_pfs`: group2 by default; `disabled` turns PFS off.
    public var pfs: PFSGroup
    /// `ipsec_lifetime` in seconds, 0...86400, default 86400.
    public var lifetime: Int

    /// Creates IPsec settings; every parameter defaults to the vendor default.
    public init(
        encryption: EncryptionAlgorithm = .default,
        authentication: AuthenticationAlgorithm = .default,
        pfs: PFSGroup = .default,
        lifetime: Int = SALifetime.defaultSeconds
    ) {
        self.encryption = encryption
        self.authentication = authentication
        self.pfs = pfs
        self.lifetime = lifetime
    }

    /// Checks the IPsec settings: `lifetime_out_of_range` (`ipsec_lifetime`) and
    /// `algorithm_not_recommended` warnings for des/3des (`ipsec_enc_alg`) and md5 (`ipsec_auth_alg`).
    /// - Parameter field: the path of this `tunnel_ipsec_config`.
    public func validate(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !encryption.isRecommended {
            issues.append(ValidationIssue(
                code: .algorithmNotRecommended, field: ValidationIssue.join(field, "ipsec_enc_alg"),
                value: encryption.rawValue,
                message: "\(encryption.rawValue) is not recommended; use aes, aes192 or aes256"))
        }
        if !authentication.isRecommended {
            issues.append(ValidationIssue(
                code: .algorithmNotRecommended, field: ValidationIssue.join(field, "ipsec_auth_alg"),
                value: authentication.rawValue,
                message: "\(authentication.rawValue) is not recommended; use sha1, sha256, sha384 or sha512"))
        }
        issues += SALifetime.validate(lifetime, at: ValidationIssue.join(field, "ipsec_lifetime"))
        return issues
    }
}
