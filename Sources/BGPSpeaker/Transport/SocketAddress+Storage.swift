import Glibc
import NetworkPrimitives

// MARK: C socket address structures

/// A `sockaddr_storage` filled from a ``SocketAddress``, with the length the kernel is to read.
internal struct SocketAddressStorage {
    var storage = sockaddr_storage()
    var length: socklen_t = 0

    /// Calls `body` with the storage as a `sockaddr` pointer and its length.
    func withSockAddr<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SocketError) -> Result
    ) throws(SocketError) -> Result {
        var copy = self.storage
        let length = self.length
        return try withUnsafePointer(to: &copy) { (pointer) throws(SocketError) -> Result in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SocketError) in
                try body(address, length)
            }
        }
    }

    /// The raw bytes of the structure (`sockaddr_storage`, 128 bytes), as `tcp_md5sig.tcpm_addr` wants them.
    var bytes: [UInt8] {
        withUnsafeBytes(of: self.storage) { Array($0) }
    }
}

extension SocketAddress {
    /// The C address family: `AF_INET`, `AF_INET6` or `AF_UNIX`.
    internal var family: CInt {
        switch self {
        case .inet(.v4, _): return AF_INET
        case .inet(.v6, _): return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// The address as a C `sockaddr_in`, `sockaddr_in6` or `sockaddr_un`.
    /// - Throws: ``SocketError`` with ``Errno/nameTooLong`` for a Unix path that does not fit `sun_path`
    ///   (107 bytes plus the terminating NUL), or ``Errno/invalidArgument`` for a path containing NUL.
    internal func storage() throws(SocketError) -> SocketAddressStorage {
        var result = SocketAddressStorage()
        switch self {
        case .inet(.v4(let address), let port):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr.s_addr = address.rawValue.bigEndian
            Self.copy(sin, into: &result)
        case .inet(.v6(let address), let port):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { raw in
                raw.copyBytes(from: address.bytes)
            }
            Self.copy(sin6, into: &result)
        case .unix(let path):
            var sun = sockaddr_un()
            sun.sun_family = sa_family_t(AF_UNIX)
            let utf8 = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: sun.sun_path)
            guard utf8.count < capacity else { throw SocketError("sockaddr_un", errno: .nameTooLong) }
            guard !utf8.contains(0) else { throw SocketError("sockaddr_un", errno: .invalidArgument) }
            withUnsafeMutableBytes(of: &sun.sun_path) { raw in
                raw.copyBytes(from: utf8)
            }
            Self.copy(sun, into: &result)
            result.length = socklen_t(MemoryLayout<sa_family_t>.size + utf8.count + 1)
        }
        return result
    }

    private static func copy<Address>(_ address: Address, into result: inout SocketAddressStorage) {
        withUnsafeMutableBytes(of: &result.storage) { storage in
            withUnsafeBytes(of: address) { storage.copyMemory(from: $0) }
        }
        result.length = socklen_t(MemoryLayout<Address>.size)
    }

    /// Decodes a kernel-filled `sockaddr_storage`; `nil` for a family the transport does not use.
    internal init?(storage: sockaddr_storage, length: socklen_t) {
        var storage = storage
        switch CInt(storage.ss_family) {
        case AF_INET:
            let sin = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            let address = IPv4Address(rawValue: UInt32(bigEndian: sin.sin_addr.s_addr))
            self = .inet(.v4(address), port: UInt16(bigEndian: sin.sin_port))
        case AF_INET6:
            let sin6 = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            let bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
            guard let address = IPv6Address(bytes: bytes) else { return nil }
            self = .inet(.v6(address), port: UInt16(bigEndian: sin6.sin6_port))
        case AF_UNIX:
            let pathOffset = MemoryLayout<sa_family_t>.size
            let pathLength = max(0, Int(length) - pathOffset)
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let bytes = raw[pathOffset ..< min(raw.count, pathOffset + pathLength)]
                let trimmed = bytes.prefix { $0 != 0 }
                return String(decoding: trimmed, as: UTF8.self)
            }
            self = .unix(path: path)
        default:
            return nil
        }
    }
}
