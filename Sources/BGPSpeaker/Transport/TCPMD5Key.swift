/// A TCP MD5 signature key (RFC 2385): the shared secret both BGP speakers configure for a session.
///
/// The kernel signs every segment of the connection with MD5 over the pseudo-header, TCP header,
/// payload and this key (RFC 2385 §2.0), and silently drops segments whose signature is missing or
/// wrong, so a key mismatch looks like a peer that never answers, not like an error.
/// Linux accepts 1 to 80 bytes (`TCP_MD5SIG_MAXKEYLEN`); RFC 2385 §4.5 recommends at most 80.
public struct TCPMD5Key: Sendable, Hashable {
    /// The most key bytes Linux accepts (`TCP_MD5SIG_MAXKEYLEN`).
    public static let maximumLength = 80

    /// The secret.
    public let bytes: [UInt8]

    /// Creates a key from raw bytes; `nil` unless there are 1 to ``maximumLength`` of them.
    public init?(bytes: [UInt8]) {
        guard (1 ... TCPMD5Key.maximumLength).contains(bytes.count) else { return nil }
        self.bytes = bytes
    }

    /// Creates a key from the UTF-8 of `password` (how router configurations write it); `nil`
    /// unless that is 1 to ``maximumLength`` bytes.
    public init?(password: String) {
        self.init(bytes: Array(password.utf8))
    }
}

extension TCPMD5Key: CustomStringConvertible {
    /// The length only: a key is a secret and never appears in logs.
    public var description: String { "TCPMD5Key(\(self.bytes.count) bytes)" }
}
