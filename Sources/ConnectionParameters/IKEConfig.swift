// Phase 1 settings of one tunnel: `tunnel_ike_config` (API `TunnelIkeConfig`).

import NetworkPrimitives

/// The phase 1 (IKE) settings of a tunnel: Terraform `tunnel_ike_config`, API `TunnelIkeConfig`.
///
/// Every default is the dual-tunnel console/API default (seed "Encryption configuration: IKE
/// Configuration"; reference §6): ikev2, main, aes, sha1, group2, 86400 s, LocalId = the tunnel's
/// gateway IP, RemoteId = the customer gateway IP, and a generated 16-character key.
public struct IKEConfig: Sendable, Hashable {
    /// `ike_version`: ikev2 by default.
    public var version: IKEVersion
    /// `ike_mode`: main by default.
    public var mode: IKEMode
    /// `ike_enc_alg`: aes by default.
    public var encryption: EncryptionAlgorithm
    /// `ike_auth_alg`: sha1 by default.
    public var authentication: AuthenticationAlgorithm
    /// `ike_pfs`, the phase 1 DH group: group2 by default.
    public var dhGroup: DHGroup
    /// `ike_lifetime` in seconds, 0...86400, default 86400.
    public var lifetime: Int
    /// `local_id`: the cloud side's identity; `nil` means the tunnel's gateway IP (seed "LocalId").
    public var localID: String?
    /// `remote_id`: the data center's identity; `nil` means the customer gateway IP (seed "RemoteId").
    public var remoteID: String?
    /// `psk`: the pre-shared key; `nil` means the service generates one (see ``effectivePSK(seed:)``).
    public var psk: String?

    /// Creates IKE settings; every parameter defaults to the vendor default.
    public init(
        version: IKEVersion = .default,
        mode: IKEMode = .default,
        encryption: EncryptionAlgorithm = .default,
        authentication: AuthenticationAlgorithm = .default,
        dhGroup: DHGroup = .default,
        lifetime: Int = SALifetime.defaultSeconds,
        localID: String? = nil,
        remoteID: String? = nil,
        psk: String? = nil
    ) {
        self.version = version
        self.mode = mode
        self.encryption = encryption
        self.authentication = authentication
        self.dhGroup = dhGroup
        self.lifetime = lifetime
        self.localID = localID
        self.remoteID = remoteID
        self.psk = psk
    }

    /// The LocalId sent in phase 1: ``localID`` or, by default, the tunnel's gateway IP (seed "LocalId").
    public func effectiveLocalID(tunnelAddress: IPv4Address) -> String {
        localID ?? tunnelAddress.description
    }

    /// The RemoteId expected in phase 1: ``remoteID`` or, by default, the customer gateway's IP
    /// (seed "RemoteId").
    public func effectiveRemoteID(gateway: CustomerGateway) -> String {
        remoteID ?? gateway.ipAddress.description
    }

    /// The key in use: ``psk`` or, when it is `nil`, ``PreSharedKey/generate(seed:)``.
    ///
    /// The real service draws a random 16-character key; the emulator derives it from `seed`
    /// (``PreSharedKey/defaultSeed(connectionID:tunnelIndex:)``) so that outputs are reproducible.
    public func effectivePSK(seed: String) -> String {
        psk ?? PreSharedKey.generate(seed: seed)
    }

    /// Checks the IKE settings: `lifetime_out_of_range` (`ike_lifetime`), the identity rules
    /// (`local_id`, `remote_id`), the key rules (`psk`), and `algorithm_not_recommended` warnings
    /// for des/3des (`ike_enc_alg`) and md5 (`ike_auth_alg`).
    /// - Parameter field: the path of this `tunnel_ike_config`.
    public func validate(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !encryption.isRecommended {
            issues.append(ValidationIssue(
                code: .algorithmNotRecommended, field: ValidationIssue.join(field, "ike_enc_alg"),
                value: encryption.rawValue,
                message: "\(encryption.rawValue) is not recommended; use aes, aes192 or aes256"))
        }
        if !authentication.isRecommended {
            issues.append(ValidationIssue(
                code: .algorithmNotRecommended, field: ValidationIssue.join(field, "ike_auth_alg"),
                value: authentication.rawValue,
                message: "\(authentication.rawValue) is not recommended; use sha1, sha256, sha384 or sha512"))
        }
        issues += SALifetime.validate(lifetime, at: ValidationIssue.join(field, "ike_lifetime"))
        if let localID {
            let idField = ValidationIssue.join(field, "local_id")
            issues += IKEIdentifier.validate(localID, at: idField, version: version, mode: mode)
        }
        if let remoteID {
            let idField = ValidationIssue.join(field, "remote_id")
            issues += IKEIdentifier.validate(remoteID, at: idField, version: version, mode: mode)
        }
        if let psk {
            issues += PreSharedKey.validate(psk, at: ValidationIssue.join(field, "psk"))
        }
        return issues
    }
}
