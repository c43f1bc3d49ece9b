// What the data center's gateway is configured with for one tunnel.

import NetworkPrimitives

/// The data center router's settings for one tunnel: the other end of a ``TunnelOptions``.
///
/// ``init(mirroring:connection:gateway:)`` builds the settings the vendor's "Download
/// Configuration" would give (seed step 5–6), which negotiate successfully; tests and scenarios
/// then change one field to break a tunnel.
public struct OnPremisesTunnelSettings: Sendable, Hashable {
    /// The pre-shared key.
    public var psk: String
    /// IKE version.
    public var ikeVersion: IKEVersion
    /// IKE mode (ignored when both ends use IKEv2).
    public var ikeMode: IKEMode
    /// Phase 1 encryption.
    public var ikeEncryption: EncryptionAlgorithm
    /// Phase 1 authentication (and PRF).
    public var ikeAuthentication: AuthenticationAlgorithm
    /// Phase 1 DH group.
    public var ikeDHGroup: DHGroup
    /// Phase 1 lifetime in seconds; need not match
    /// (see ``negotiate(cloud:connection:gateway:onPremises:trafficSeen:)``).
    public var ikeLifetime: Int
    /// Phase 2 encryption.
    public var ipsecEncryption: EncryptionAlgorithm
    /// Phase 2 authentication.
    public var ipsecAuthentication: AuthenticationAlgorithm
    /// Phase 2 PFS group.
    public var ipsecPFS: PFSGroup
    /// Phase 2 lifetime in seconds; need not match.
    public var ipsecLifetime: Int
    /// The identity the data center sends; `nil` = its own address (the customer gateway IP).
    public var localID: String?
    /// The identity the data center expects from the cloud; `nil` = accept the peer's address
    /// (whatever the cloud sends when it uses its default LocalId).
    public var remoteID: String?
    /// Whether the data center gateway answers IKE at all (powered, routed, UDP 500/4500 open).
    public var reachable: Bool

    /// Creates settings; every algorithm defaults to the vendor's dual-tunnel default.
    public init(
        psk: String,
        ikeVersion: IKEVersion = .default,
        ikeMode: IKEMode = .default,
        ikeEncryption: EncryptionAlgorithm = .default,
        ikeAuthentication: AuthenticationAlgorithm = .default,
        ikeDHGroup: DHGroup = .default,
        ikeLifetime: Int = SALifetime.defaultSeconds,
        ipsecEncryption: EncryptionAlgorithm = .default,
        ipsecAuthentication: AuthenticationAlgorithm = .default,
        ipsecPFS: PFSGroup = .default,
        ipsecLifetime: Int = SALifetime.defaultSeconds,
        localID: String? = nil,
        remoteID: String? = nil,
        reachable: Bool = true
    ) {
        self.psk = psk
        self.ikeVersion = ikeVersion
        self.ikeMode = ikeMode
        self.ikeEncryption = ikeEncryption
        self.ikeAuthentication = ikeAuthentication
        self.ikeDHGroup = ikeDHGroup
        self.ikeLifetime = ikeLifetime
        self.ipsecEncryption = ipsecEncryption
        self.ipsecAuthentication = ipsecAuthentication
        self.ipsecPFS = ipsecPFS
        self.ipsecLifetime = ipsecLifetime
        self.localID = localID
        self.remoteID = remoteID
        self.reachable = reachable
    }

    /// The settings that match `tunnel` of `connection` exactly: its effective key, its algorithms
    /// and lifetimes, LocalId = the cloud's RemoteId and RemoteId = the cloud's LocalId when set.
    public init(mirroring tunnel: TunnelOptions, connection: IPsecConnection, gateway: CustomerGateway) {
        self.init(
            psk: connection.effectivePSK(of: tunnel),
            ikeVersion: tunnel.ike.version,
            ikeMode: tunnel.ike.mode,
            ikeEncryption: tunnel.ike.encryption,
            ikeAuthentication: tunnel.ike.authentication,
            ikeDHGroup: tunnel.ike.dhGroup,
            ikeLifetime: tunnel.ike.lifetime,
            ipsecEncryption: tunnel.ipsec.encryption,
            ipsecAuthentication: tunnel.ipsec.authentication,
            ipsecPFS: tunnel.ipsec.pfs,
            ipsecLifetime: tunnel.ipsec.lifetime,
            localID: tunnel.ike.remoteID,
            remoteID: tunnel.ike.localID,
            reachable: true)
    }
}
