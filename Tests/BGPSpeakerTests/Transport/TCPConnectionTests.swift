// Listener, connect and echo over 127.x loopback; addresses, errors, half-close and close semantics.

import BGPSpeaker
import NetworkPrimitives
import Testing

@Suite struct TCPConnectionTests {
    @Test func echoesBytesBothWays() throws {
        try withLoop { harness in
            let (server, port) = try harness.startServer()
            let client = try harness.connectClient(port: port)
            let payload = testBytes(count: 10_000, seed: 1)
            try harness.onLoop { client.value.connection?.write(payload) }
            try harness.waitUntil("echo") { client.value.log.received.count == payload.count }
            #expect(try harness.onLoop { client.value.log.received } == payload)

            // The server side writes on its own too.
            let greeting = Array("from the server".utf8)
            try harness.onLoop { server.value.accepted.first?.connection?.write(greeting) }
            try harness.waitUntil("greeting") { client.value.log.received.count == payload.count + greeting.count }
            #expect(try harness.onLoop { Array(client.value.log.received.suffix(greeting.count)) } == greeting)
            #expect(try harness.onLoop { server.value.accepted.first?.received } == payload)
        }
    }

    @Test func servesManyConcurrentConnectionsOnOneLoop() throws {
        try withLoop { harness in
            let (server, port) = try harness.startServer()
            let clients = try (0 ..< 64).map { _ in try harness.startClient(port: port) }
            try harness.waitUntil("all connected") { clients.allSatisfy { $0.value.connection != nil } }
            let payloads = (0 ..< 64).map { testBytes(count: 4_096 + $0, seed: UInt64(100 + $0)) }
            try harness.onLoop {
                for (client, payload) in zip(clients, payloads) { client.value.connection?.write(payload) }
            }
            try harness.waitUntil("all echoes") {
                zip(clients, payloads).allSatisfy { $0.value.log.received.count == $1.count }
            }
            for (client, payload) in zip(clients, payloads) {
                #expect(try harness.onLoop { client.value.log.received } == payload)
            }
            #expect(try harness.onLoop { server.value.accepted.count } == 64)

            // Clients close; each server connection sees end of stream and closes cleanly.
            try harness.onLoop { for client in clients { client.value.connection?.close() } }
            try harness.waitUntil("server side closed") { server.value.accepted.allSatisfy(\.closed) }
            #expect(try harness.onLoop { server.value.accepted.allSatisfy { $0.closeError == nil } })
            #expect(try harness.onLoop { clients.allSatisfy { $0.value.log.closed } })
        }
    }

    @Test func bindsTheRequestedSourceAndListenAddresses() throws {
        try withLoop { harness in
            let listenAddress = IPAddress.v4(IPv4Address(127, 0, 0, 2))
            let sourceAddress = IPAddress.v4(IPv4Address(127, 0, 0, 3))
            let (server, port) = try harness.startServer(local: listenAddress)
            #expect(port != 0)
            let client = try harness.connectClient(remote: listenAddress, port: port, local: sourceAddress)
            try harness.waitUntil("accepted") { server.value.accepted.count == 1 }
            let (clientLocal, clientRemote, serverRemote, serverLocal) = try harness.onLoop {
                let connection = client.value.connection
                let accepted = server.value.accepted.first?.connection
                return (connection?.localAddress, connection?.remoteAddress, accepted?.remoteAddress,
                        accepted?.localAddress)
            }
            #expect(clientLocal?.ipAddress == sourceAddress)
            #expect(clientRemote == .inet(listenAddress, port: port))
            #expect(serverRemote == clientLocal)
            #expect(serverLocal == .inet(listenAddress, port: port))
        }
    }

    @Test func connectToAClosedPortReportsConnectionRefused() throws {
        try withLoop { harness in
            // Take a free port, then close the listener so nothing listens there.
            let (server, port) = try harness.startServer()
            try harness.onLoop { server.value.listener?.close() }
            let client = try harness.connectClient(port: port)
            let failure = try #require(try harness.onLoop { client.value.failure })
            #expect(failure.errno == .connectionRefused)
            #expect(failure.operation == "connect")
            #expect(failure.description.contains("ECONNREFUSED"))
            #expect(try harness.onLoop { client.value.connection == nil })
        }
    }

    @Test func cancelledConnectReportsCanceled() throws {
        try withLoop { harness in
            let (_, port) = try harness.startServer()
            let client = try harness.onLoop {
                let client = ClientLog()
                let attempt = harness.loop.connectTCP(remote: loopback, port: port) { result in
                    client.completed = true
                    if case .failure(let error) = result { client.failure = error }
                }
                attempt.cancel()
                #expect(!attempt.isPending)
                #expect(!client.completed) // Never called from inside cancel().
                return LoopBound(client, eventLoop: harness.loop)
            }
            try harness.waitUntil("cancel delivered") { client.value.completed }
            #expect(try harness.onLoop { client.value.failure?.errno } == .canceled)
        }
    }

    @Test func listeningTwiceOnOneAddressAndPortFails() throws {
        try withLoop { harness in
            let (_, port) = try harness.startServer()
            let error = try harness.onLoop { () -> SocketError? in
                do throws(SocketError) {
                    _ = try harness.loop.listenTCP(local: loopback, port: port) { _ in }
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.errno == .addressInUse)
            #expect(error?.operation == "bind")
        }
    }

    @Test func closeFlushesQueuedBytesBeforeClosing() throws {
        try withLoop { harness in
            let payload = testBytes(count: 8 << 20, seed: 7)
            let (server, port) = try harness.startServer(echo: false) { connection, _ in
                connection.write(payload)
                connection.close()
                #expect(!connection.isOpen)
                connection.write([1, 2, 3]) // Ignored after close().
            }
            let client = try harness.connectClient(port: port)
            try harness.waitUntil("client sees the close") { client.value.log.closed }
            let received = try harness.onLoop { client.value.log.received }
            #expect(received.count == payload.count)
            #expect(received == payload)
            #expect(try harness.onLoop { client.value.log.closeError } == nil)
            try harness.waitUntil("server side closed") { server.value.accepted.first?.closed == true }
        }
    }

    @Test func halfClosedPeerCanStillBeAnswered() throws {
        try withLoop { harness in
            let (server, port) = try harness.startServer(echo: false) { connection, log in
                connection.onInputClosed = {
                    log.inputClosed = true
                    connection.write(Array("answer to \(log.received.count) bytes".utf8))
                    connection.close()
                }
            }
            let client = try harness.connectClient(port: port)
            try harness.onLoop {
                client.value.connection?.write(Array("request".utf8))
                client.value.connection?.shutdownWrite()
            }
            try harness.waitUntil("answer and close") { client.value.log.closed }
            #expect(try harness.onLoop { String(decoding: client.value.log.received, as: UTF8.self) }
                == "answer to 7 bytes")
            #expect(try harness.onLoop { server.value.accepted.first?.inputClosed } == true)
        }
    }

    @Test func abortDiscardsTheQueueAndOnCloseRunsOnceOutsideTheCall() throws {
        try withLoop { harness in
            let (server, port) = try harness.startServer(echo: false) { connection, _ in
                connection.pauseReading()
            }
            let client = try harness.connectClient(port: port)
            let closeCalls = try harness.onLoop { () -> Int in
                guard let connection = client.value.connection else { return -1 }
                var calls = 0
                connection.onClose = { _ in calls += 1; client.value.log.closed = true }
                connection.write(testBytes(count: 16 << 20, seed: 3))
                #expect(connection.pendingWriteBytes > 0)
                connection.abort()
                connection.abort()
                #expect(connection.pendingWriteBytes == 0)
                return calls
            }
            #expect(closeCalls == 0)
            try harness.waitUntil("onClose") { client.value.log.closed }
            // The reading side sees the connection end (reset or end of stream) once it reads again.
            try harness.onLoop { server.value.accepted.first?.connection?.resumeReading() }
            try harness.waitUntil("server sees the end") { server.value.accepted.first?.closed == true }
        }
    }

    @Test func shutdownOfTheLoopClosesOpenConnectionsWithoutCallbacks() throws {
        let harness = try LoopHarness()
        let (server, port) = try harness.startServer()
        let client = try harness.connectClient(port: port)
        try harness.waitUntil("accepted") { server.value.accepted.count == 1 }
        #expect(harness.shutdown())
        // After run() returned, nothing runs on a loop thread: the logs may be read directly.
        #expect(!client.value.log.closed)
        #expect(server.value.listener?.isOpen == false)
        #expect(client.value.connection?.isOpen == false)
    }
}
