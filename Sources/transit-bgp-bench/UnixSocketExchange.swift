import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request over a Unix stream socket (a daemon's control socket), read until `isComplete` or
/// the end of the connection; bounded by `timeout`.
enum UnixSocketExchange {
    static func send(_ request: [UInt8], to path: String, timeout: Duration = .seconds(30),
                     isComplete: ([UInt8]) -> Bool) throws -> [UInt8] {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IngestError("socket(AF_UNIX) failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw IngestError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw IngestError("cannot connect to \(path): \(String(cString: strerror(errno)))") }
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes { write(fd, $0.baseAddress! + offset, request.count - offset) }
            guard written > 0 else { throw IngestError("write to \(path) failed: errno \(errno)") }
            offset += written
        }
        let deadline = ContinuousClock().now + timeout
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !isComplete(reply) {
            guard ContinuousClock().now < deadline else { throw IngestError("no complete reply on \(path) within \(timeout)") }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                reply += buffer[0 ..< count]
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw IngestError("read from \(path) failed: errno \(errno)")
            }
        }
        return reply
    }
}
