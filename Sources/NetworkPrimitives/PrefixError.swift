/// Why a prefix could not be built.
public enum PrefixError: Error, Sendable, Hashable {
    /// The length is outside 0...maximum.
    case lengthOutOfRange(Int, maximum: Int)
    /// The address has bits set past the prefix length (use the masking initializer to clear them).
    case hostBitsSet(address: String, length: Int)
}
