/// An append-only big-endian writer used by every encoder.
///
/// Length fields are reserved first and filled in once the body is written
/// (``reserveUInt16()`` / ``patchUInt16(_:at:)``), in the manner of NIO's `writeLengthPrefixed`.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    @usableFromInline var storage: [UInt8]
    /// The bytes written so far.
    @inlinable public var bytes: [UInt8] { storage }

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 64) {
        self.storage = []
        self.storage.reserveCapacity(capacity)
    }

    /// The number of bytes written.
    @inlinable
    public var count: Int { storage.count }

    /// Appends one octet.
    @inlinable
    public mutating func write(_ value: UInt8) { storage.append(value) }

    /// Appends a big-endian 16-bit integer.
    @inlinable
    public mutating func write(_ value: UInt16) {
        storage.append(UInt8(truncatingIfNeeded: value >> 8))
        storage.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a big-endian 32-bit integer.
    @inlinable
    public mutating func write(_ value: UInt32) {
        storage.append(UInt8(truncatingIfNeeded: value >> 24))
        storage.append(UInt8(truncatingIfNeeded: value >> 16))
        storage.append(UInt8(truncatingIfNeeded: value >> 8))
        storage.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a big-endian 64-bit integer.
    @inlinable
    public mutating func write(_ value: UInt64) {
        write(UInt32(truncatingIfNeeded: value >> 32))
        write(UInt32(truncatingIfNeeded: value))
    }

    /// Appends raw bytes.
    @inlinable
    public mutating func write<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        self.storage.append(contentsOf: bytes)
    }

    /// Appends a 16-bit placeholder and returns its offset for ``patchUInt16(_:at:)``.
    @inlinable
    public mutating func reserveUInt16() -> Int {
        let offset = storage.count
        write(UInt16(0))
        return offset
    }

    /// Appends an 8-bit placeholder and returns its offset for ``patchUInt8(_:at:)``.
    @inlinable
    public mutating func reserveUInt8() -> Int {
        let offset = storage.count
        write(UInt8(0))
        return offset
    }

    /// Overwrites a reserved 16-bit field.
    @inlinable
    public mutating func patchUInt16(_ value: UInt16, at offset: Int) {
        storage[offset] = UInt8(truncatingIfNeeded: value >> 8)
        storage[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Overwrites a reserved 8-bit field.
    @inlinable
    public mutating func patchUInt8(_ value: UInt8, at offset: Int) {
        storage[offset] = value
    }

    /// Removes the last `count` bytes (used to back out a partly written item).
    @inlinable
    public mutating func truncate(to count: Int) {
        storage.removeSubrange(count...)
    }
}
