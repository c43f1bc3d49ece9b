/// Which account's transit router the connection attaches to (seed "Attach CEN").
///
/// - Current account: the connection is attached to the transit router of the CEN instance in the
///   connection's region as soon as it is created; the CEN instance ID is required.
/// - Another account: the connection is *not* attached at creation; the owner grants cross-account
///   authorization (account ID, peer CEN instance ID), then the other account attaches it.
public enum CENAttachmentSpec: Sendable, Hashable {
    /// "Attach To Current Account" with the CEN instance (`cen-…`) that owns the transit router.
    case currentAccount(cenID: String)
    /// "Attach To Another Account": the Alibaba Cloud account ID (numeric) that owns the transit
    /// router and, once authorized, its CEN instance ID.
    case otherAccount(accountID: String, cenID: String?)

    /// Whether the connection is attached to a transit router right after creation (seed: only
    /// for the current account).
    public var attachesAtCreation: Bool {
        if case .currentAccount = self { return true }
        return false
    }

    /// Checks `cen_id_missing` (`cen_id`, current account) and `account_id_invalid` (`account_id`:
    /// empty or not all ASCII digits, other account).
    /// - Parameter field: the path of this setting, e.g. `connections[0].attach_cen`.
    public func validate(at field: String) -> [ValidationIssue] {
        switch self {
        case .currentAccount(let cenID):
            guard TextRules.isBlank(cenID) else { return [] }
            return [ValidationIssue(
                code: .cenIDMissing, field: ValidationIssue.join(field, "cen_id"), value: cenID,
                message: "attaching to the current account needs the CEN instance ID")]
        case .otherAccount(let accountID, _):
            guard accountID.isEmpty || !accountID.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                return []
            }
            return [ValidationIssue(
                code: .accountIDInvalid, field: ValidationIssue.join(field, "account_id"), value: accountID,
                message: "'\(accountID)' is not an Alibaba Cloud account ID (digits only)")]
        }
    }
}
