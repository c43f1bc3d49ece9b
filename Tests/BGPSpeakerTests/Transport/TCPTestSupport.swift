// Listeners and clients on 127.x loopback addresses, observed through ConnectionLogs.

import BGPSpeaker
import NetworkPrimitives

let loopback = IPAddress.v4(IPv4Address(127, 0, 0, 1))

/// A listener and every connection it accepted.
final class ServerLog {
    var listener: TCPListener?
    var accepted: [ConnectionLog] = []
    var acceptErrors: [SocketError] = []
    /// Applied to each accepted connection before it is logged (pause reading, half-close handling).
    var configure: ((TCPConnection, ConnectionLog) -> Void)?
}

/// A client connect's outcome.
final class ClientLog {
    let log = ConnectionLog()
    var attempt: ConnectAttempt?
    var failure: SocketError?
    var completed = false

    var connection: TCPConnection? { self.log.connection }
}

extension LoopHarness {
    /// Starts a listener on `local` (port 0: the kernel's choice) and returns its log and port.
    func startServer(
        local: IPAddress = loopback, options: TCPOptions = TCPOptions(), echo: Bool = true,
        md5Keys: [(TCPMD5Key, IPAddress)] = [],
        configure: (@Sendable (TCPConnection, ConnectionLog) -> Void)? = nil
    ) throws -> (LoopBound<ServerLog>, UInt16) {
        let loop = self.loop
        return try self.onLoop { () throws -> (LoopBound<ServerLog>, UInt16) in
            let server = ServerLog()
            server.configure = configure
            let listener = try loop.listenTCP(local: local, port: 0, options: options) { connection in
                let log = ConnectionLog()
                log.attach(connection, echo: echo)
                server.configure?(connection, log)
                server.accepted.append(log)
            }
            listener.onAcceptError = { error in server.acceptErrors.append(error) }
            for (key, peer) in md5Keys {
                try listener.setMD5Key(key, for: peer)
            }
            server.listener = listener
            return (LoopBound(server, eventLoop: loop), listener.localAddress.port ?? 0)
        }
    }

    /// Starts connecting to `remote`:`port`; the returned log fills in on the loop.
    func startClient(
        remote: IPAddress = loopback, port: UInt16, local: IPAddress? = nil, options: TCPOptions = TCPOptions()
    ) throws -> LoopBound<ClientLog> {
        let loop = self.loop
        return try self.onLoop {
            let client = ClientLog()
            client.attempt = loop.connectTCP(remote: remote, port: port, local: local, options: options) {
                result in
                client.completed = true
                switch result {
                case .success(let connection): client.log.attach(connection)
                case .failure(let error): client.failure = error
                }
            }
            return LoopBound(client, eventLoop: loop)
        }
    }

    /// Connects and waits for the outcome.
    func connectClient(
        remote: IPAddress = loopback, port: UInt16, local: IPAddress? = nil, options: TCPOptions = TCPOptions()
    ) throws -> LoopBound<ClientLog> {
        let client = try self.startClient(remote: remote, port: port, local: local, options: options)
        try self.waitUntil("connect to \(remote):\(port)") { client.value.completed }
        return client
    }
}
