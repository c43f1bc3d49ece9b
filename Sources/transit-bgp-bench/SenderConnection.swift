import BGPWire
import NetworkPrimitives
#if canImport(Glibc)
import Glibc
#endif

/// The sender's TCP connection: non-blocking, driven with poll(2); every wait is bounded.
final class SenderConnection {
    let descriptor: Int32
    private var framer = MessageFramer()
    private(set) var messagesReceived = 0
    var keepaliveInterval: Duration?
    private var lastSent = ContinuousClock().now
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
    private static let keepalive: [UInt8] = (try? BGPMessage.keepalive.encode()) ?? []

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Connects from the local address to port 179 of the remote one, retrying every 100 ms while
    /// the receiver is not listening yet, until `configuration.connectTimeout`.
    static func connect(_ configuration: IngestSender.Configuration) throws -> SenderConnection {
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.connectTimeout
        var lastError: Int32 = 0
        while clock.now < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw IngestError("socket failed: errno \(errno)") }
            var local = sockaddr_in(address: configuration.localAddress, port: 0)
            var remote = sockaddr_in(address: configuration.remoteAddress, port: 179)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let error = errno
                Glibc.close(fd)
                throw IngestError("bind \(configuration.localAddress) failed: \(String(cString: strerror(error)))")
            }
            var result = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if result != 0 && errno == EINPROGRESS {
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&entry, 1, 1000) == 1 {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                    result = error == 0 ? 0 : -1
                    lastError = error
                } else {
                    lastError = ETIMEDOUT
                }
            } else if result != 0 {
                lastError = errno
            }
            if result == 0 { return SenderConnection(descriptor: fd) }
            Glibc.close(fd)
            usleep(100_000)  // retry interval; the loop ends at `deadline`
        }
        throw IngestError("cannot connect to \(configuration.remoteAddress):179 within \(configuration.connectTimeout): \(String(cString: strerror(lastError)))")
    }

    /// OPEN, KEEPALIVE both ways (RFC 4271 §8.2.2); returns the negotiated hold time in seconds.
    func handshake(_ configuration: IngestSender.Configuration) throws -> Int {
        let open = OpenMessage(
            autonomousSystem: configuration.asn, holdTime: configuration.holdTime, identifier: configuration.localAddress,
            capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh, .fourOctetAS(configuration.asn)])
        try writeAll(try BGPMessage.open(open).encode())
        let deadline = ContinuousClock().now + .seconds(30)
        var peerHold: Int?
        var keepaliveReceived = false
        while !keepaliveReceived {
            guard ContinuousClock().now < deadline else { throw IngestError("no OPEN and KEEPALIVE from the receiver within 30 s") }
            try waitReadable(milliseconds: 100)
            for frame in try readFrames() {
                switch frame.type {
                case .open:
                    guard case .open(let theirs)? = try BGPMessage.decode(frame) else { continue }
                    peerHold = Int(theirs.holdTime)
                    try writeAll(SenderConnection.keepalive)
                case .keepalive:
                    keepaliveReceived = peerHold != nil
                case .notification:
                    throw IngestError("the receiver sent \(notificationText(frame)) during the handshake")
                default:
                    continue
                }
            }
        }
        return min(Int(configuration.holdTime), peerHold ?? Int(configuration.holdTime))
    }

    /// Writes the whole stream at socket speed, draining what arrives and sending KEEPALIVEs between
    /// messages when due. Returns false when `stop` turned true first.
    func push(_ stream: MessageStream, until stop: () -> Bool) throws -> Bool {
        var offset = 0
        var pending: [UInt8] = []
        var pendingOffset = 0
        let total = stream.bytes.count
        while offset < total || pendingOffset < pending.count {
            if stop() { return false }
            var limit = total
            if pendingOffset >= pending.count, let interval = keepaliveInterval, ContinuousClock().now - lastSent >= interval {
                let boundary = stream.boundary(atOrAfter: offset)
                if boundary == offset {
                    pending = SenderConnection.keepalive
                    pendingOffset = 0
                } else {
                    limit = boundary
                }
            }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN | POLLOUT), revents: 0)
            let ready = poll(&entry, 1, 100)
            if ready < 0 && errno != EINTR { throw IngestError("poll failed: errno \(errno)") }
            guard ready > 0 else { continue }
            if entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { _ = try readFrames() }
            guard entry.revents & Int16(POLLOUT) != 0 else { continue }
            if pendingOffset < pending.count {
                pendingOffset += try writeSome(pending, from: pendingOffset, to: pending.count)
                if pendingOffset == pending.count { lastSent = ContinuousClock().now }
            } else if offset < limit {
                offset += try writeSome(stream.bytes, from: offset, to: limit)
                lastSent = ContinuousClock().now
            }
        }
        return true
    }

    /// Waits up to `milliseconds` for input, drains it, and sends a KEEPALIVE when due.
    func idle(milliseconds: Int32) throws {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&entry, 1, milliseconds) > 0 { _ = try readFrames() }
        if let interval = keepaliveInterval, ContinuousClock().now - lastSent >= interval {
            try writeAll(SenderConnection.keepalive)
        }
    }

    // MARK: Bytes

    private func waitReadable(milliseconds: Int32) throws {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&entry, 1, milliseconds) < 0 && errno != EINTR { throw IngestError("poll failed: errno \(errno)") }
    }

    /// Reads what is there (without blocking) and returns the whole messages; a NOTIFICATION or
    /// the end of the connection throws.
    private func readFrames() throws -> [MessageFrame] {
        while true {
            let count = readBuffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                framer.append(readBuffer[0 ..< count])
                continue
            }
            if count == 0 { throw IngestError("the receiver closed the connection") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            throw IngestError("read failed: \(String(cString: strerror(errno)))")
        }
        var frames: [MessageFrame] = []
        while let frame = try framer.next() {
            messagesReceived += 1
            if frame.type == .notification { throw IngestError("the receiver sent \(notificationText(frame))") }
            frames.append(frame)
        }
        return frames
    }

    private func notificationText(_ frame: MessageFrame) -> String {
        if case .notification(let notification)? = try? BGPMessage.decode(frame) { return "\(notification)" }
        return "a NOTIFICATION"
    }

    /// One write(2) of `bytes[from..<to]`; 0 when the socket is full.
    private func writeSome(_ bytes: [UInt8], from: Int, to: Int) throws -> Int {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + from, to - from) }
        if written >= 0 { return written }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        throw IngestError("write failed: \(String(cString: strerror(errno)))")
    }

    /// Writes a small message completely (bounded: 10 s).
    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = ContinuousClock().now + .seconds(10)
        while offset < bytes.count {
            guard ContinuousClock().now < deadline else { throw IngestError("the receiver does not read (10 s)") }
            offset += try writeSome(bytes, from: offset, to: bytes.count)
            if offset < bytes.count {
                var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 100)
            }
        }
        lastSent = ContinuousClock().now
    }
}

extension sockaddr_in {
    init(address: IPv4Address, port: UInt16) {
        self.init()
        sin_family = sa_family_t(AF_INET)
        sin_port = port.bigEndian
        sin_addr = in_addr(s_addr: address.rawValue.bigEndian)
    }
}
