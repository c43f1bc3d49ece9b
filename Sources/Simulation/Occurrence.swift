import BGPDriver
import BGPSession

/// Something scheduled on the simulation's virtual clock.
enum Occurrence: Sendable {
    /// The next event of the topology's timeline (by position).
    case timeline(Int)
    /// IKE and IPsec negotiation of a tunnel finishes.
    case negotiated(tunnel: Int, generation: Int)
    /// Dead peer detection gives up on a silent peer.
    case deadPeerDetected(tunnel: Int, generation: Int)
    /// A session timer expires.
    case timer(tunnel: Int, side: TunnelSide, timer: DriverTimer, generation: Int)
    /// A SYN from `from` reaches the other side.
    case connectionRequest(tunnel: Int, from: TunnelSide, attempt: Int)
    /// The answer to a SYN reaches `to`: the connection (accepted) or a reset (`nil`).
    case connectionAnswer(tunnel: Int, to: TunnelSide, attempt: Int, connection: Int?)
    /// Bytes on a connection reach `to`.
    case bytes(tunnel: Int, to: TunnelSide, connection: Int, bytes: [UInt8])
    /// The other side closed the connection (FIN or RST) and it reaches `to`.
    case closed(tunnel: Int, to: TunnelSide, connection: Int)
}
