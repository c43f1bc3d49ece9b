// The control socket: file mode, stale-file replacement, refusal to steal a live or non-socket
// path, echo over the shared connection type, and removal on close.

import BGPSpeaker
import Foundation
import Glibc
import Testing

/// A fresh private directory under /tmp, removed by ``remove()``.
struct ScratchDirectory {
    let path: String

    init() throws {
        self.path = "/tmp/tbgp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: false)
    }

    func file(_ name: String) -> String { "\(self.path)/\(name)" }

    func remove() { try? FileManager.default.removeItem(atPath: self.path) }
}

/// The permission bits and file type of `path`, or `nil` if there is nothing there.
func fileMode(_ path: String) -> (permissions: mode_t, isSocket: Bool)? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return (info.st_mode & 0o7777, (info.st_mode & S_IFMT) == S_IFSOCK)
}

/// Leaves a socket file at `path` with nothing listening behind it (as a crashed speaker would).
func makeStaleSocketFile(at path: String) throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #expect(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    #expect(result == 0)
}

final class UnixServerLog {
    var listener: UnixListener?
    var accepted: [ConnectionLog] = []
}

extension LoopHarness {
    func startUnixServer(path: String, mode: mode_t = 0o600) throws -> LoopBound<UnixServerLog> {
        let loop = self.loop
        return try self.onLoop {
            let server = UnixServerLog()
            server.listener = try loop.listenUnix(path: path, mode: mode) { connection in
                let log = ConnectionLog()
                log.attach(connection, echo: true)
                server.accepted.append(log)
            }
            return LoopBound(server, eventLoop: loop)
        }
    }

    func connectUnixClient(path: String) throws -> LoopBound<ClientLog> {
        let loop = self.loop
        let client = try self.onLoop {
            let client = ClientLog()
            client.attempt = loop.connectUnix(path: path) { result in
                client.completed = true
                switch result {
                case .success(let connection): client.log.attach(connection)
                case .failure(let error): client.failure = error
                }
            }
            return LoopBound(client, eventLoop: loop)
        }
        try self.waitUntil("unix connect") { client.value.completed }
        return client
    }
}

@Suite struct UnixSocketTests {
    @Test func socketFileHasMode0600AndEchoes() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("control.sock")
        try withLoop { harness in
            let server = try harness.startUnixServer(path: path)
            let mode = try #require(fileMode(path))
            #expect(mode.isSocket)
            #expect(mode.permissions == 0o600)
            #expect(FileManager.default.fileExists(atPath: "\(path).tmp\(getpid())") == false)

            let client = try harness.connectUnixClient(path: path)
            #expect(try harness.onLoop { client.value.failure } == nil)
            let request = Array("show neighbors\n".utf8)
            try harness.onLoop { client.value.connection?.write(request) }
            try harness.waitUntil("unix echo") { client.value.log.received == request }
            #expect(try harness.onLoop { server.value.accepted.first?.connection?.remoteAddress } == .unix(path: ""))
            #expect(try harness.onLoop { client.value.connection?.remoteAddress } == .unix(path: path))

            try harness.onLoop { server.value.listener?.close() }
            #expect(fileMode(path) == nil)
        }
    }

    @Test func otherModesAreApplied() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("group.sock")
        try withLoop { harness in
            _ = try harness.startUnixServer(path: path, mode: 0o660)
            #expect(fileMode(path)?.permissions == 0o660)
        }
        #expect(fileMode(path) == nil) // The loop's shutdown closed the listener and removed the file.
    }

    @Test func staleSocketFileIsReplaced() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("stale.sock")
        try makeStaleSocketFile(at: path)
        #expect(fileMode(path)?.isSocket == true)
        try withLoop { harness in
            _ = try harness.startUnixServer(path: path)
            #expect(fileMode(path)?.permissions == 0o600)
            let client = try harness.connectUnixClient(path: path)
            #expect(try harness.onLoop { client.value.failure } == nil)
        }
    }

    @Test func liveSocketIsNotStolen() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("live.sock")
        try withLoop { harness in
            _ = try harness.startUnixServer(path: path)
            let error = try harness.onLoop { () -> SocketError? in
                do throws(SocketError) {
                    _ = try harness.loop.listenUnix(path: path) { _ in }
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.errno == .addressInUse)
            // The first server still works.
            let client = try harness.connectUnixClient(path: path)
            #expect(try harness.onLoop { client.value.failure } == nil)
        }
    }

    @Test func regularFileIsLeftAlone() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("not-a-socket")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        try withLoop { harness in
            let error = try harness.onLoop { () -> SocketError? in
                do throws(SocketError) {
                    _ = try harness.loop.listenUnix(path: path) { _ in }
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.errno == .fileExists)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    }

    @Test func connectingToAMissingPathFails() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        try withLoop { harness in
            let client = try harness.connectUnixClient(path: directory.file("absent.sock"))
            #expect(try harness.onLoop { client.value.failure?.errno } == .noSuchFileOrDirectory)
        }
    }

    @Test func overlongPathIsRejected() throws {
        try withLoop { harness in
            let path = "/tmp/" + String(repeating: "x", count: 120)
            let error = try harness.onLoop { () -> SocketError? in
                do throws(SocketError) {
                    _ = try harness.loop.listenUnix(path: path) { _ in }
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error?.errno == .nameTooLong)
        }
    }
}
