// RFC 5082 GTSM: TTL 255 out, IP_MINTTL in; on loopback the TTL is not decremented, so a peer
// sending with a lower TTL is dropped by the kernel.

@testable import BGPSpeaker
import Glibc
import NetworkPrimitives
import Testing

@Suite struct GTSMTests {
    @Test func enableGTSMSetsTTL255AndTheMinimum() {
        var options = TCPOptions()
        options.enableGTSM()
        #expect(options.timeToLive == 255)
        #expect(options.minimumTimeToLive == 254)
        options.enableGTSM(trustRadius: 0)
        #expect(options.minimumTimeToLive == 255)
    }

    @Test func listenerAndBothEndsReadBackTheOptions() throws {
        try withLoop { harness in
            var options = TCPOptions()
            options.enableGTSM()
            let (server, port) = try harness.startServer(options: options)
            #expect(try harness.onLoop { try server.value.listener?.minimumTimeToLive() } == 254)
            #expect(try harness.onLoop { try server.value.listener?.timeToLive() } == 255)

            let client = try harness.connectClient(port: port, options: options)
            try harness.waitUntil("accepted") { server.value.accepted.count == 1 }
            let readings = try harness.onLoop { () -> [Int?] in
                let accepted = server.value.accepted.first?.connection
                let connection = client.value.connection
                return [try accepted?.minimumTimeToLive(), try accepted?.timeToLive(),
                        try connection?.minimumTimeToLive(), try connection?.timeToLive()]
            }
            #expect(readings == [254, 255, 254, 255])
            try harness.onLoop { client.value.connection?.write([1, 2, 3]) }
            try harness.waitUntil("echo under GTSM") { client.value.log.received == [1, 2, 3] }
        }
    }

    @Test func peerSendingWithALowTTLIsDropped() throws {
        try withLoop { harness in
            var serverOptions = TCPOptions()
            serverOptions.enableGTSM(trustRadius: 0)
            let (server, port) = try harness.startServer(options: serverOptions)
            let client = try harness.startClient(
                port: port, options: TCPOptions(timeToLive: 64, connectTimeout: .seconds(2))
            )
            try harness.waitUntil("connect timeout") { client.value.completed }
            #expect(try harness.onLoop { client.value.failure?.errno } == .timedOut)
            #expect(try harness.onLoop { server.value.accepted.count } == 0)
        }
    }

    @Test func ipv6HopLimitOptionsSetAndReadBack() throws {
        // No traffic: an unbound IPv6 socket only stores the options.
        let socket = try SocketDescriptor.stream(family: AF_INET6)
        defer { socket.close() }
        try socket.setTimeToLive(255, family: AF_INET6)
        try socket.setMinimumTimeToLive(254, family: AF_INET6)
        #expect(try socket.timeToLive(family: AF_INET6) == 255)
        #expect(try socket.minimumTimeToLive(family: AF_INET6) == 254)
    }
}
