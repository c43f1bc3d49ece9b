import BGPWire
import NetworkPrimitives

/// Connection collision detection and resolution (RFC 4271 §6.8, RFC 6286 §2.3).
///
/// Two TCP connections can exist for one peering when both speakers connect at once. When an OPEN
/// arrives on one, the owner compares it with the other connection; the loser's machine receives
/// ``SessionEvent/openCollisionDump`` and sends Cease / Connection Collision Resolution
/// (RFC 4486 §4, subcode 7). Pure: the owner supplies everything it knows.
public enum ConnectionCollision {
    /// Which side opened a TCP connection (RFC 4271 §8.2.1: outgoing sends the first SYN).
    public enum Direction: Sendable, Hashable, CaseIterable {
        /// Initiated by this speaker.
        case outgoing
        /// Initiated by the peer.
        case incoming

        /// The other direction.
        public var opposite: Direction { self == .outgoing ? .incoming : .outgoing }
    }

    /// The other connection to the same peer, as far as it got.
    public struct OtherConnection: Sendable, Hashable {
        /// Its machine's state.
        public var state: SessionState
        /// The peer's BGP Identifier on it: from its OPEN (OpenConfirm, Established), or known by
        /// means outside the protocol (OpenSent; RFC 4271 §6.8 allows that), else `nil`.
        public var peerIdentifier: IPv4Address?

        /// Describes the other connection.
        public init(state: SessionState, peerIdentifier: IPv4Address?) {
            self.state = state
            self.peerIdentifier = peerIdentifier
        }
    }

    /// What to do after an OPEN arrived on one connection.
    public enum Outcome: Sendable, Hashable {
        /// No collision: carry on with the OPEN.
        case noCollision
        /// Close the connection in this direction: its machine gets ``SessionEvent/openCollisionDump``.
        /// When it is the connection the OPEN arrived on, the OPEN is not passed to its machine.
        case close(Direction)
    }

    /// The connection to close between two colliding ones (RFC 4271 §6.8 steps 1-3): the one
    /// initiated by the speaker with the lower BGP Identifier, compared as 32-bit unsigned
    /// integers in host order. With equal identifiers (possible between ASes, RFC 6286 §2.3) the
    /// connection initiated by the speaker with the larger AS number is preserved.
    public static func connectionToClose(
        localIdentifier: IPv4Address, localASN: ASNumber, peerIdentifier: IPv4Address, peerASN: ASNumber
    ) -> Direction {
        if localIdentifier != peerIdentifier {
            // Lower local identifier: close the connection we initiated.
            return localIdentifier < peerIdentifier ? .outgoing : .incoming
        }
        return localASN < peerASN ? .outgoing : .incoming
    }

    /// Detects and resolves a collision when `open` arrives on the connection `receivedOn`
    /// (RFC 4271 §6.8).
    ///
    /// - A collision exists only with another connection to the same BGP Identifier in OpenConfirm
    ///   or Established (an unknown identifier there counts as the same peer), or in OpenSent when
    ///   its peer identifier is known.
    /// - Against Established, the new connection is closed unless `collisionDetectEstablishedState`
    ///   (RFC 4271 §6.8: "Unless allowed via configuration").
    /// - Otherwise ``connectionToClose(localIdentifier:localASN:peerIdentifier:peerASN:)`` decides.
    /// - Parameters:
    ///   - localIdentifier: our BGP Identifier.
    ///   - localASN: our AS.
    ///   - open: the OPEN just received.
    ///   - receivedOn: the direction of the connection that carried it.
    ///   - other: the other connection to this peer, if any.
    ///   - collisionDetectEstablishedState: ``SessionConfig/collisionDetectEstablishedState``.
    public static func resolve(
        localIdentifier: IPv4Address, localASN: ASNumber, open: OpenMessage, receivedOn: Direction,
        other: OtherConnection?, collisionDetectEstablishedState: Bool = false
    ) -> Outcome {
        guard let other else { return .noCollision }
        switch other.state {
        case .idle, .connect, .active:
            return .noCollision
        case .openSent:
            // Only when the peer's identifier on that connection is known by other means.
            guard other.peerIdentifier == open.identifier else { return .noCollision }
        case .openConfirm, .established:
            // Both connections lead to the configured peer; a different identifier is another speaker.
            if let identifier = other.peerIdentifier, identifier != open.identifier { return .noCollision }
        }
        if other.state == .established && !collisionDetectEstablishedState {
            return .close(receivedOn)
        }
        return .close(connectionToClose(localIdentifier: localIdentifier, localASN: localASN,
                                        peerIdentifier: open.identifier, peerASN: open.autonomousSystem))
    }
}
