import Glibc

/// The client side of the control socket (`transit-bgp show|tunnel|set|shutdown|start`): sends one
/// request line and returns the reply. Blocking: a command-line tool has nothing else to do.
public enum ControlClient {
    /// A failed request: the socket could not be reached, or the speaker refused it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends `request` to the speaker listening at `path`; returns the output after the `ok` line.
    public static func send(_ request: String, path: String) throws(Failure) -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "control socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            throw Failure(description: "cannot reach the speaker at \(path): \(String(cString: strerror(errno))) (is `transit-bgp speak` running with --control \(path)?)")
        }
        var line = Array((request + "\n").utf8)
        var sent = 0
        while sent < line.count {
            let n = line.withUnsafeMutableBytes { write(fd, $0.baseAddress! + sent, $0.count - sent) }
            guard n > 0 else { throw Failure(description: "write: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            reply += chunk[0 ..< n]
        }
        let text = String(decoding: reply, as: UTF8.self)
        if text.hasPrefix("ok\n") { return String(text.dropFirst(3)) }
        throw Failure(description: text.hasPrefix("error: ") ? String(text.dropFirst(7)).trimmingSuffixNewline : "no reply from the speaker")
    }
}

extension String {
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
