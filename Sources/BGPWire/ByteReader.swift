// BGPWire: the BGP-4 message codec (RFC 4271 and extensions). Pure: standard library only.
//
// Every untrusted byte goes through `ByteReader`. Reads are all-or-nothing: a read that would run
// past the end returns `nil` and consumes nothing, so callers map a short read to the protocol error
// the RFC prescribes for that field. Nested structures are read through sub-readers confined to the
// length their header gave.

/// A bounded, non-trapping reader over a byte array.
///
/// The reader shares the array's storage (no copy) and is confined to `start..<end`.
public struct ByteReader: Sendable {
    @usableFromInline let bytes: [UInt8]
    /// The index of the next byte to read.
    @usableFromInline var index: Int
    /// The index of the next byte to read.
    @inlinable public var readerIndex: Int { index }
    /// One past the last readable index.
    public let endIndex: Int

    /// A reader over all of `bytes`.
    @inlinable
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
        self.endIndex = bytes.count
    }

    /// A reader over `bytes[range]`; the range is clamped to the array.
    @inlinable
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        self.index = lower
        self.endIndex = upper
    }

    /// The number of bytes left.
    @inlinable
    public var remaining: Int { endIndex &- readerIndex }

    /// Whether every byte has been read.
    @inlinable
    public var isAtEnd: Bool { readerIndex >= endIndex }

    /// Reads one octet, or `nil` at the end.
    @inlinable
    public mutating func readUInt8() -> UInt8? {
        guard readerIndex < endIndex else { return nil }
        let value = bytes[readerIndex]
        index &+= 1
        return value
    }

    /// Reads a big-endian 16-bit integer, or `nil` (consuming nothing) when fewer than 2 bytes remain.
    @inlinable
    public mutating func readUInt16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        let value = UInt16(bytes[readerIndex]) << 8 | UInt16(bytes[readerIndex &+ 1])
        index &+= 2
        return value
    }

    /// Reads a big-endian 32-bit integer, or `nil` (consuming nothing) when fewer than 4 bytes remain.
    @inlinable
    public mutating func readUInt32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        let i = readerIndex
        let value = UInt32(bytes[i]) << 24 | UInt32(bytes[i &+ 1]) << 16
            | UInt32(bytes[i &+ 2]) << 8 | UInt32(bytes[i &+ 3])
        index &+= 4
        return value
    }

    /// Reads a big-endian 64-bit integer, or `nil` (consuming nothing) when fewer than 8 bytes remain.
    @inlinable
    public mutating func readUInt64() -> UInt64? {
        guard remaining >= 8, let high = readUInt32(), let low = readUInt32() else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Reads `count` bytes as a new array, or `nil` (consuming nothing) when fewer remain.
    @inlinable
    public mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, remaining >= count else { return nil }
        let value = Array(bytes[readerIndex ..< readerIndex &+ count])
        index &+= count
        return value
    }

    /// Takes the next `count` bytes as a sub-reader and skips them here; `nil` when fewer remain.
    @inlinable
    public mutating func readReader(_ count: Int) -> ByteReader? {
        guard count >= 0, remaining >= count else { return nil }
        let sub = ByteReader(bytes, start: readerIndex, end: readerIndex &+ count)
        index &+= count
        return sub
    }

    /// Takes every remaining byte as a sub-reader.
    @inlinable
    public mutating func readRest() -> ByteReader {
        let sub = ByteReader(bytes, start: readerIndex, end: endIndex)
        index = endIndex
        return sub
    }

    /// Skips `count` bytes; `false` (consuming nothing) when fewer remain.
    @inlinable
    public mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, remaining >= count else { return false }
        index &+= count
        return true
    }

    /// The next octet without consuming it.
    @inlinable
    public func peekUInt8() -> UInt8? {
        readerIndex < endIndex ? bytes[readerIndex] : nil
    }

    /// The octet `offset` bytes ahead without consuming anything.
    @inlinable
    public func peekUInt8(at offset: Int) -> UInt8? {
        let i = readerIndex &+ offset
        return offset >= 0 && i < endIndex ? bytes[i] : nil
    }

    /// Runs `body` over the unread bytes, then consumes as many as it returns.
    ///
    /// The view is exactly the unread range; `body` must index only inside it and return a count no
    /// larger than its size (checked here).
    @inlinable
    public mutating func consume(_ body: (UnsafeRawBufferPointer) -> Int) {
        let start = index
        let count = endIndex &- start
        let used = bytes.withUnsafeBytes { all in
            body(UnsafeRawBufferPointer(rebasing: all[start ..< start &+ count]))
        }
        precondition(used >= 0 && used <= count, "ByteReader.consume: consumed \(used) of \(count) bytes")
        index &+= used
    }

    /// The remaining bytes as a new array (for error data), consuming nothing.
    public var remainingBytes: [UInt8] { Array(bytes[readerIndex ..< endIndex]) }

    @usableFromInline
    init(_ bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.index = start
        self.endIndex = end
    }
}
