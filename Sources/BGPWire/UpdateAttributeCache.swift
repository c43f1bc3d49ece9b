/// Path attributes decoded from recent UPDATEs, by their octets on the wire. An UPDATE whose Path
/// Attributes field repeats a cached one octet for octet gets the same attributes without decoding
/// them again: under the same ``CodecOptions`` the same octets always decode to the same values and
/// the same RFC 7606 outcome (RFC 4271 §5, §6.3; RFC 7606). A peer that flaps routes between a few
/// paths sends the same few fields over and over.
///
/// Only fields that decoded cleanly are kept (no malformation, no MP_REACH_NLRI or MP_UNREACH_NLRI,
/// at most ``maximumFieldLength`` octets), so a hit has nothing to report. The table is
/// direct-mapped: ``capacity`` entries, a new field replaces the one in its slot; its key storage
/// (``capacity`` × ``maximumFieldLength`` octets) is allocated at the first store. Used through
/// ``UpdateMessage/init(decoding:options:cache:)``; one cache per session.
public struct UpdateAttributeCache: Sendable {
    /// Entries in the table (a power of two).
    public static let capacity = 1024
    /// Longer fields are decoded every time.
    public static let maximumFieldLength = 96

    /// The fields, one ``maximumFieldLength``-octet row per slot (empty until the first store).
    private var keys: [UInt8] = []
    /// Each slot's field length; 0: empty.
    private var lengths: [UInt8] = []
    private var values: [PathAttributes?] = []
    /// The options the entries were decoded under.
    private var options: CodecOptions?
    let isEnabled: Bool

    /// An empty cache.
    public init() {
        isEnabled = true
    }

    /// A cache that never holds anything: decoding without a cache.
    init(disabled: Void) {
        isEnabled = false
    }

    /// FNV-1a over 8-octet words, then a 64-bit finalizer (MurmurHash3 fmix64), folded to a slot.
    private static func slot(_ field: UnsafeRawPointer, _ count: Int) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
        var offset = 0
        while offset &+ 8 <= count {
            hash = (hash ^ field.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            offset &+= 8
        }
        while offset < count {
            hash = (hash ^ UInt64(field.load(fromByteOffset: offset, as: UInt8.self))) &* 0x0000_0100_0000_01B3
            offset &+= 1
        }
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return Int(truncatingIfNeeded: hash & UInt64(capacity &- 1))
    }

    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset &+ 8 <= count {
            guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else {
                return false
            }
            offset &+= 8
        }
        while offset < count {
            guard a.load(fromByteOffset: offset, as: UInt8.self) == b.load(fromByteOffset: offset, as: UInt8.self) else { return false }
            offset &+= 1
        }
        return true
    }

    /// The attributes cached for the field `reader` covers, decoded under `options`.
    mutating func attributes(for reader: ByteReader, options: CodecOptions) -> PathAttributes? {
        let count = reader.remaining
        guard count > 0, count <= UpdateAttributeCache.maximumFieldLength, !values.isEmpty else { return nil }
        guard self.options == options else {
            // Decoded under other options: they mean something else now.
            self = UpdateAttributeCache()
            return nil
        }
        let start = reader.readerIndex
        let keys = self.keys
        let lengths = self.lengths
        let slot: Int? = reader.bytes.withUnsafeBytes { raw in
            let field = raw.baseAddress! + start
            let slot = UpdateAttributeCache.slot(field, count)
            guard Int(lengths[slot]) == count else { return nil }
            let same = keys.withUnsafeBytes { UpdateAttributeCache.equal($0.baseAddress! + slot &* UpdateAttributeCache.maximumFieldLength, field, count) }
            return same ? slot : nil
        }
        return slot.flatMap { values[$0] }
    }

    /// Keeps `attributes`, decoded cleanly from the field `reader` covers under `options`.
    mutating func store(_ attributes: PathAttributes, for reader: ByteReader, options: CodecOptions) {
        let count = reader.remaining
        guard isEnabled, count > 0, count <= UpdateAttributeCache.maximumFieldLength else { return }
        if values.isEmpty || self.options != options {
            keys = [UInt8](repeating: 0, count: UpdateAttributeCache.capacity * UpdateAttributeCache.maximumFieldLength)
            lengths = [UInt8](repeating: 0, count: UpdateAttributeCache.capacity)
            values = [PathAttributes?](repeating: nil, count: UpdateAttributeCache.capacity)
            self.options = options
        }
        let start = reader.readerIndex
        let slot = reader.bytes.withUnsafeBytes { raw in
            let field = raw.baseAddress! + start
            let slot = UpdateAttributeCache.slot(field, count)
            keys.withUnsafeMutableBytes { row in
                (row.baseAddress! + slot &* UpdateAttributeCache.maximumFieldLength).copyMemory(from: field, byteCount: count)
            }
            return slot
        }
        lengths[slot] = UInt8(count)
        values[slot] = attributes
    }
}
