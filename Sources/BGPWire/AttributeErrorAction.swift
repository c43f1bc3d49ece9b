/// What RFC 7606 §2 prescribes for a malformed UPDATE, ordered from mildest to strongest.
///
/// When an UPDATE has several errors, the strongest action wins (RFC 7606 §3 a).
public enum AttributeErrorAction: Int, Sendable, Hashable, CaseIterable {
    /// "Attribute discard": drop the attribute, keep the routes.
    case attributeDiscard = 1
    /// "Treat-as-withdraw": every NLRI in the UPDATE (including MP_REACH_NLRI) is withdrawn.
    case treatAsWithdraw = 2
    /// "AFI/SAFI disable": stop using the address family of the broken MP attribute.
    case afiSafiDisable = 3
    /// "Session reset": send the NOTIFICATION and close the session.
    case sessionReset = 4
}

extension AttributeErrorAction: Comparable {
    public static func < (lhs: AttributeErrorAction, rhs: AttributeErrorAction) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension AttributeErrorAction: CustomStringConvertible {
    public var description: String {
        switch self {
        case .attributeDiscard: "attribute-discard"
        case .treatAsWithdraw: "treat-as-withdraw"
        case .afiSafiDisable: "afi-safi-disable"
        case .sessionReset: "session-reset"
        }
    }
}

/// One malformation found in an UPDATE that did not reset the session (RFC 7606).
public struct AttributeMalformation: Sendable, Hashable {
    /// The attribute type code concerned (0 when the error is not tied to one attribute).
    public var attributeType: UInt8
    /// The action applied.
    public var action: AttributeErrorAction
    /// The NOTIFICATION subcode RFC 4271 §6.3 names for this error (for logs).
    public var subcode: UInt8
    /// The address family to disable when `action` is `.afiSafiDisable`.
    public var addressFamily: AddressFamily?
    /// Which rule was broken, with the offending value.
    public var reason: String

    public init(
        attributeType: UInt8, action: AttributeErrorAction, subcode: UInt8,
        addressFamily: AddressFamily? = nil, reason: String
    ) {
        self.attributeType = attributeType
        self.action = action
        self.subcode = subcode
        self.addressFamily = addressFamily
        self.reason = reason
    }
}
