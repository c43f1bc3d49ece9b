import Glibc
import NetworkPrimitives

// RFC 2385 TCP MD5 signatures through Linux's `TCP_MD5SIG` socket option (`tcp(7)`):
//
//     struct tcp_md5sig {
//         struct sockaddr_storage tcpm_addr;   /* the peer: offset 0, 128 bytes */
//         __u8  tcpm_flags;                    /* TCP_MD5SIG_FLAG_PREFIX, _IFINDEX: unused here */
//         __u8  tcpm_prefixlen;
//         __u16 tcpm_keylen;                   /* 0 deletes the key for tcpm_addr */
//         int   tcpm_ifindex;
//         __u8  tcpm_key[TCP_MD5SIG_MAXKEYLEN];  /* 80 */
//     };                                       /* 216 bytes */
//
// Glibc's <netinet/tcp.h> declares it and Swift imports it, so the transport uses the C layout
// as is. Keys are per peer address: on a listener one key per configured neighbour, installed
// before the SYN arrives (the accepted socket inherits it); on an active socket, before connect(2).

extension SocketDescriptor {
    /// Installs (or with `nil`, removes) the RFC 2385 key for segments to and from `peer`.
    ///
    /// - Throws: ``SocketError`` `setsockopt(TCP_MD5SIG)`: ``Errno/protocolOptionNotAvailable`` when
    ///   the kernel lacks `CONFIG_TCP_MD5SIG`, ``Errno/noSuchFileOrDirectory`` when removing a key that
    ///   was never set, ``Errno/invalidArgument`` for a peer of the wrong family.
    func setMD5Key(_ key: TCPMD5Key?, for peer: IPAddress) throws(SocketError) {
        var signature = tcp_md5sig()
        let address = try SocketAddress.inet(peer, port: 0).storage()
        signature.tcpm_addr = address.storage
        if let key {
            signature.tcpm_keylen = UInt16(key.bytes.count)
            withUnsafeMutableBytes(of: &signature.tcpm_key) { raw in
                raw.copyBytes(from: key.bytes)
            }
        }
        _ = try syscall("setsockopt(TCP_MD5SIG)") {
            system_setsockopt(
                self.rawValue, CInt(IPPROTO_TCP), TCP_MD5SIG, &signature, socklen_t(MemoryLayout<tcp_md5sig>.size)
            )
        }
    }
}
