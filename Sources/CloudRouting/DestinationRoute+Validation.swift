import ConnectionParameters
import NetworkPrimitives

extension DestinationRoute {
    /// 100.64.0.0/10, the shared address space destination-based routes may not touch (reference §1a).
    static let sharedAddressSpace = IPv4Prefix(masking: IPv4Address(100, 64, 0, 0), length: 10)!

    /// The destination-based routes of one connection against the vendor's rules (reference §1a,
    /// §7, §10 item 12; `CreateVcoRouteEntry`, API S7b): no 0.0.0.0/0, nothing equal to, inside or
    /// containing 100.64.0.0/10, and no two routes with the same destination and weight 100 (S3b).
    ///
    /// - Parameter path: the routes' array, e.g. `ipsec_connections[0].destination_routes`; each
    ///   issue's field is `path[i].route_dest` (or `.weight` for the duplicate).
    public static func validate(_ routes: [DestinationRoute], at path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var firstActive: [IPv4Prefix: Int] = [:]
        for (i, route) in routes.enumerated() {
            let field = "\(path)[\(i)].route_dest"
            let dest = route.prefix.description
            if route.prefix.length == 0 {
                issues.append(ValidationIssue(
                    code: .destinationRouteDefault, field: field, value: dest,
                    message: "0.0.0.0/0 cannot be a destination-based route (the vendor refuses the default route)"))
            } else if sharedAddressSpace.overlaps(route.prefix) {
                let relation = route.prefix == sharedAddressSpace ? "is"
                    : route.prefix.length > sharedAddressSpace.length ? "is inside" : "contains"
                issues.append(ValidationIssue(
                    code: .destinationRouteSharedAddressSpace, field: field, value: dest,
                    message: "\(dest) \(relation) 100.64.0.0/10: a destination-based route may not equal, be inside or contain it"))
            }
            guard route.weight == 100 else { continue }
            if let first = firstActive[route.prefix] {
                issues.append(ValidationIssue(
                    code: .destinationRouteDuplicateActive, field: "\(path)[\(i)].weight", value: dest,
                    message: "\(dest) already has a route with weight 100 (\(path)[\(first)]): two routes with the same"
                        + " destination cannot both have weight 100; give one weight 0 (standby)"))
            } else {
                firstActive[route.prefix] = i
            }
        }
        return issues
    }
}
