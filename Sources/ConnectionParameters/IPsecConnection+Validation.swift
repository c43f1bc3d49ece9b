// Every rule of a dual-tunnel connection, including those across its two tunnels and its
// customer gateways.

import NetworkPrimitives

extension IPsecConnection {
    /// The longest connection name, 100 characters (reference §7).
    public static let maximumNameLength = 100

    /// Checks the connection and reports every problem (the gateways themselves are checked by
    /// ``CustomerGateway/validate(at:)``; this checks how the tunnels use them).
    ///
    /// Connection: `id_missing`/`id_invalid` (`id`), `name_length`/`name_invalid`/`name_control_character` (`name`), `region_invalid`
    /// (`region_id`), `resource_group_invalid` (`resource_group_id`), the ``CENAttachmentSpec`` rules
    /// (`attach_cen`), and for Protected Data Flows `subnet_list_empty`, warning `subnet_duplicate`
    /// (`local_subnet[i]`, `remote_subnet[i]`) and `multiple_cidrs_need_ikev2` (on each IKEv1
    /// tunnel's `tunnel_ike_config.ike_version`).
    ///
    /// Tunnels (`tunnel_options_specification[i]`): `tunnel_count` unless exactly two; each
    /// tunnel's own rules (``TunnelOptions/validate(at:)``); `tunnel_index_duplicate`;
    /// `customer_gateway_unknown` (`customer_gateway_id`); `tunnel_cidrs_equal` (`tunnel_cidr` of
    /// the later tunnel).
    ///
    /// BGP, when `enable_tunnels_bgp` is on: `bgp_config_missing` (`tunnel_bgp_config`),
    /// `customer_gateway_asn_missing` (`customer_gateway_id`), `customer_gateway_asn_equals_local_asn`
    /// and `local_asn_differs` (`tunnel_bgp_config.local_asn`), warning `customer_gateway_asn_differs`
    /// (`customer_gateway_id` of the later tunnel). When off: warning `bgp_config_unused`.
    /// - Parameters:
    ///   - field: the path of this connection, e.g. `connections[0]`.
    ///   - gateways: the customer gateways by ID.
    public func validate(at field: String, gateways: [String: CustomerGateway]) -> [ValidationIssue] {
        var issues = validateAttributes(at: field)
        let tunnelsField = ValidationIssue.join(field, "tunnel_options_specification")
        if tunnels.count != 2 {
            issues.append(ValidationIssue(
                code: .tunnelCount, field: tunnelsField, value: String(tunnels.count),
                message: "a dual-tunnel connection has exactly 2 tunnels, not \(tunnels.count)"))
        }
        issues += validateRoutingMode(at: field, tunnelsField: tunnelsField)

        var seenIndexes: Set<Int> = []
        var firstBGP: (position: Int, config: TunnelBGPConfig)? = nil
        var firstPeerASN: (position: Int, gateway: CustomerGateway, asn: ASNumber)? = nil
        for (position, tunnel) in tunnels.enumerated() {
            let tunnelField = ValidationIssue.join(tunnelsField, index: position)
            issues += tunnel.validate(at: tunnelField)
            if (1...2).contains(tunnel.index) && !seenIndexes.insert(tunnel.index).inserted {
                issues.append(ValidationIssue(
                    code: .tunnelIndexDuplicate, field: ValidationIssue.join(tunnelField, "tunnel_index"),
                    value: String(tunnel.index),
                    message: "another tunnel already has index \(tunnel.index); the indexes are 1 and 2"))
            }

            let gatewayField = ValidationIssue.join(tunnelField, "customer_gateway_id")
            let gateway = gateways[tunnel.customerGatewayID]
            if gateway == nil {
                issues.append(ValidationIssue(
                    code: .customerGatewayUnknown, field: gatewayField, value: tunnel.customerGatewayID,
                    message: "there is no customer gateway '\(tunnel.customerGatewayID)'"))
            }

            let bgpField = ValidationIssue.join(tunnelField, "tunnel_bgp_config")
            let asnField = ValidationIssue.join(bgpField, "local_asn")
            if let bgp = tunnel.bgp {
                if let first = firstBGP {
                    if first.config.tunnelCIDR.overlaps(bgp.tunnelCIDR) {
                        issues.append(ValidationIssue(
                            code: .tunnelCIDRsEqual, field: ValidationIssue.join(bgpField, "tunnel_cidr"),
                            value: bgp.tunnelCIDR.description,
                            message: "\(bgp.tunnelCIDR) is also the tunnel CIDR of"
                                + " tunnel_options_specification[\(first.position)]; the two tunnels must differ"))
                    }
                    if enableTunnelsBGP && first.config.localASN != bgp.localASN {
                        issues.append(ValidationIssue(
                            code: .localASNDiffers, field: asnField, value: bgp.localASN.asplain,
                            message: "local ASN \(bgp.localASN.asplain) differs from \(first.config.localASN.asplain)"
                                + " on tunnel_options_specification[\(first.position)]; both tunnels use the same ASN"))
                    }
                } else {
                    firstBGP = (position, bgp)
                }
            }

            guard enableTunnelsBGP else {
                if let bgp = tunnel.bgp {
                    issues.append(ValidationIssue(
                        code: .bgpConfigUnused, field: bgpField, value: bgp.tunnelCIDR.description,
                        message: "enable_tunnels_bgp is off, so this BGP configuration has no effect"))
                }
                continue
            }
            if tunnel.bgp == nil {
                issues.append(ValidationIssue(
                    code: .bgpConfigMissing, field: bgpField, value: "",
                    message: "BGP is enabled, so tunnel \(tunnel.index) needs a tunnel_bgp_config"))
            }
            guard let gateway else { continue }
            guard let peerASN = gateway.asn else {
                issues.append(ValidationIssue(
                    code: .customerGatewayASNMissing, field: gatewayField, value: gateway.id,
                    message: "BGP is enabled but customer gateway '\(gateway.id)' has no ASN"))
                continue
            }
            if let bgp = tunnel.bgp, bgp.localASN == peerASN {
                issues.append(ValidationIssue(
                    code: .customerGatewayASNEqualsLocalASN, field: asnField, value: bgp.localASN.asplain,
                    message: "local ASN \(bgp.localASN.asplain) equals the ASN of customer gateway '\(gateway.id)';"
                        + " the tunnels run eBGP only"))
            }
            if let first = firstPeerASN {
                if first.asn != peerASN {
                    issues.append(ValidationIssue(
                        code: .customerGatewayASNDiffers, field: gatewayField, value: gateway.id,
                        message: "customer gateway '\(gateway.id)' has AS \(peerASN.asplain) but '\(first.gateway.id)'"
                            + " (tunnel_options_specification[\(first.position)]) has AS \(first.asn.asplain);"
                            + " the same peer ASN on both tunnels is recommended"))
                }
            } else {
                firstPeerASN = (position, gateway, peerASN)
            }
        }
        return issues
    }

    /// `id`, `name`, `region_id`, `resource_group_id` and `attach_cen`.
    private func validateAttributes(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ResourceIdentifier.validate(id, identifying: "a connection", at: ValidationIssue.join(field, "id")) {
            issues.append(issue)
        }
        let nameField = ValidationIssue.join(field, "name")
        if let control = DisplayName.firstControlCharacter(in: name) {
            issues.append(ValidationIssue(
                code: .nameControlCharacter, field: nameField, value: name,
                message: "\(control.description) at position \(control.offset + 1): a name has no control characters"))
        }
        if name.isEmpty || name.count > Self.maximumNameLength {
            issues.append(ValidationIssue(
                code: .nameLength, field: nameField, value: name,
                message: "the name has \(name.count) characters; it must have 1 to \(Self.maximumNameLength)"))
        }
        let lowered = name.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            issues.append(ValidationIssue(
                code: .nameInvalid, field: nameField, value: name,
                message: "'\(name)' must not start with http:// or https://"))
        }
        let regionAllowed: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        if region.isEmpty || !region.unicodeScalars.allSatisfy(regionAllowed) {
            issues.append(ValidationIssue(
                code: .regionInvalid, field: ValidationIssue.join(field, "region_id"), value: region,
                message: region.isEmpty
                    ? "the region ID is empty"
                    : "'\(region)' is not a region ID (lowercase letters, digits and '-', e.g. cn-hangzhou)"))
        }
        if let resourceGroup, resourceGroup.isEmpty || resourceGroup.unicodeScalars.contains(where: TextRules.isSpace) {
            issues.append(ValidationIssue(
                code: .resourceGroupInvalid, field: ValidationIssue.join(field, "resource_group_id"),
                value: resourceGroup,
                message: "'\(resourceGroup)' is not a resource group ID (not empty, no spaces)"))
        }
        if let attachTo {
            issues += attachTo.validate(at: ValidationIssue.join(field, "attach_cen"))
        }
        return issues
    }

    /// The Protected Data Flows rules.
    private func validateRoutingMode(at field: String, tunnelsField: String) -> [ValidationIssue] {
        guard case .protectedDataFlows(let local, let remote) = routingMode else { return [] }
        var issues: [ValidationIssue] = []
        let sides = [("local_subnet", local, "Local Network"), ("remote_subnet", remote, "Remote Network")]
        for (name, list, side) in sides {
            let listField = ValidationIssue.join(field, name)
            if list.isEmpty {
                issues.append(ValidationIssue(
                    code: .subnetListEmpty, field: listField, value: "",
                    message: "Protected Data Flows needs at least one \(side) CIDR block"))
            }
            var seen: Set<IPv4Prefix> = []
            for (position, prefix) in list.enumerated() where !seen.insert(prefix).inserted {
                issues.append(ValidationIssue(
                    code: .subnetDuplicate, field: ValidationIssue.join(listField, index: position),
                    value: prefix.description, message: "\(prefix) appears more than once in \(side)"))
            }
        }
        if routingMode.requiresIKEv2 {
            for (position, tunnel) in tunnels.enumerated() where tunnel.ike.version == .ikev1 {
                let versionField = ValidationIssue.join(
                    ValidationIssue.join(ValidationIssue.join(tunnelsField, index: position), "tunnel_ike_config"),
                    "ike_version")
                issues.append(ValidationIssue(
                    code: .multipleCIDRsNeedIKEv2, field: versionField, value: tunnel.ike.version.rawValue,
                    message: "Protected Data Flows has \(local.count) local and \(remote.count) remote CIDR blocks;"
                        + " more than one on a side requires ikev2"))
            }
        }
        return issues
    }
}
