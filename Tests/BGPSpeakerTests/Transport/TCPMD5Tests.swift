// RFC 2385 TCP MD5 signatures on 127.0.0.1: matching keys connect and carry data; any mismatch
// makes the kernel drop the segments silently, so the connect times out and nothing is accepted.

import BGPSpeaker
import NetworkPrimitives
import Testing

/// Whether this kernel has `CONFIG_TCP_MD5SIG` (setting a key on a fresh listener works).
let kernelSupportsTCPMD5: Bool = {
    guard let loop = try? EventLoop(), let key = TCPMD5Key(password: "probe") else { return false }
    defer { loop.stop(); loop.run() }
    guard let listener = try? loop.listenTCP(local: loopback, port: 0, onAccept: { _ in }) else { return false }
    do {
        try listener.setMD5Key(key, for: loopback)
        return true
    } catch {
        return false
    }
}()

/// The suite never skips: a kernel without `CONFIG_TCP_MD5SIG` fails it, because the speaker's MD5
/// support (customer gateway auth keys) would not work there.
struct TCPMD5Tests {
    @Test func theKernelAcceptsTCPMD5Keys() {
        #expect(kernelSupportsTCPMD5, "TCP_MD5SIG is refused: the kernel lacks CONFIG_TCP_MD5SIG")
    }

    static let keyA = TCPMD5Key(password: "transit-bgp-secret")!
    static let keyB = TCPMD5Key(password: "some-other-secret")!
    /// Long enough for a loopback handshake many times over; short enough to keep the suite quick.
    static let blackholeTimeout: Duration = .seconds(3)

    @Test func matchingKeysConnectAndExchangeData() throws {
        try withLoop { harness in
            let (server, port) = try harness.startServer(md5Keys: [(Self.keyA, loopback)])
            let client = try harness.connectClient(port: port, options: TCPOptions(md5Key: Self.keyA))
            #expect(try harness.onLoop { client.value.failure } == nil)
            let payload = testBytes(count: 100_000, seed: 2385)
            try harness.onLoop { client.value.connection?.write(payload) }
            try harness.waitUntil("signed echo") { client.value.log.received.count == payload.count }
            #expect(try harness.onLoop { client.value.log.received } == payload)
            #expect(try harness.onLoop { server.value.accepted.count } == 1)
        }
    }

    @Test(arguments: [
        ("different keys", Optional(keyA), Optional(keyB)),
        ("key on the client only", Optional(keyA), nil),
        ("key on the listener only", nil, Optional(keyA)),
    ])
    func mismatchedKeysNeverConnect(_ name: String, clientKey: TCPMD5Key?, listenerKey: TCPMD5Key?) throws {
        try withLoop { harness in
            let keys = listenerKey.map { [($0, loopback)] } ?? []
            let (server, port) = try harness.startServer(md5Keys: keys)
            var options = TCPOptions(md5Key: clientKey)
            options.connectTimeout = Self.blackholeTimeout
            let client = try harness.startClient(port: port, options: options)
            // Nothing may arrive before the connect timeout: no connection on either side.
            #expect(try harness.holdsFalse(for: Self.blackholeTimeout - .milliseconds(500)) {
                client.value.completed || !server.value.accepted.isEmpty
            })
            try harness.waitUntil("connect timeout") { client.value.completed }
            #expect(try harness.onLoop { client.value.failure?.errno } == .timedOut)
            #expect(try harness.onLoop { client.value.connection == nil })
            #expect(try harness.onLoop { server.value.accepted.count } == 0)
        }
    }

    @Test func listenerKeysArePerPeerAndRemovable() throws {
        try withLoop { harness in
            let (server, _) = try harness.startServer()
            let other = IPAddress.v4(IPv4Address(127, 0, 0, 9))
            let errors = try harness.onLoop { () -> [Errno?] in
                guard let listener = server.value.listener else { return [] }
                func attempt(_ body: () throws -> Void) -> Errno? {
                    do { try body(); return nil } catch { return (error as? SocketError)?.errno }
                }
                return [
                    attempt { try listener.setMD5Key(Self.keyA, for: loopback) },
                    attempt { try listener.setMD5Key(Self.keyB, for: other) },
                    attempt { try listener.setMD5Key(Self.keyB, for: loopback) }, // Replaces.
                    attempt { try listener.removeMD5Key(for: loopback) },
                    attempt { try listener.removeMD5Key(for: loopback) }, // Already gone.
                ]
            }
            #expect(errors == [nil, nil, nil, nil, .noSuchFileOrDirectory])
        }
    }

    @Test func keyLengthIsValidated() {
        #expect(TCPMD5Key(bytes: []) == nil)
        #expect(TCPMD5Key(bytes: [UInt8](repeating: 1, count: 81)) == nil)
        #expect(TCPMD5Key(bytes: [UInt8](repeating: 1, count: 80))?.bytes.count == 80)
        #expect(TCPMD5Key(password: "x")?.bytes == [0x78])
        #expect(Self.keyA.description == "TCPMD5Key(18 bytes)")
    }
}
