// swift-tools-version:6.0
//
// TransitBGP: an offline and live emulation of Alibaba Cloud IPsec-VPN dual-tunnel routing
// attached to a CEN transit router. Toolchain modules only: the package takes no dependencies.

import PackageDescription

/// Settings shared by every target: Swift 6 language mode plus the upcoming features the style guide asks for.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TransitBGP",
    products: [
        .library(name: "NetworkPrimitives", targets: ["NetworkPrimitives"]),
        .library(name: "BGPWire", targets: ["BGPWire"]),
        .library(name: "BGPSession", targets: ["BGPSession"]),
        .library(name: "BGPRouting", targets: ["BGPRouting"]),
        .library(name: "ConnectionParameters", targets: ["ConnectionParameters"]),
        .library(name: "CloudRouting", targets: ["CloudRouting"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "BGPDriver", targets: ["BGPDriver"]),
        .library(name: "BGPSpeaker", targets: ["BGPSpeaker"]),
        .library(name: "LabKit", targets: ["LabKit"]),
        .executable(name: "transit-bgp", targets: ["transit-bgp"]),
        .executable(name: "transit-bgp-bench", targets: ["transit-bgp-bench"]),
    ],
    targets: [
        // Pure core: standard library only.
        .target(name: "NetworkPrimitives", swiftSettings: strictSettings),
        .target(name: "BGPWire", dependencies: ["NetworkPrimitives"], swiftSettings: strictSettings),
        .target(name: "BGPSession", dependencies: ["NetworkPrimitives", "BGPWire"], swiftSettings: strictSettings),
        .target(name: "BGPRouting", dependencies: ["NetworkPrimitives", "BGPWire"], swiftSettings: strictSettings),
        .target(name: "ConnectionParameters", dependencies: ["NetworkPrimitives"], swiftSettings: strictSettings),
        .target(name: "CloudRouting", dependencies: ["NetworkPrimitives", "BGPWire", "BGPRouting", "ConnectionParameters"], swiftSettings: strictSettings),
        .target(name: "Topology", dependencies: ["NetworkPrimitives", "BGPWire", "BGPRouting", "CloudRouting", "ConnectionParameters"], swiftSettings: strictSettings),

        // One BGP session's driver (framing, machine actions, collisions, routes in and out over an
        // abstract transport), shared by the live speaker and the simulator. Pure: no I/O, no clock.
        .target(
            name: "BGPDriver", dependencies: ["NetworkPrimitives", "BGPWire", "BGPSession", "BGPRouting", "CloudRouting", "ConnectionParameters"],
            swiftSettings: strictSettings
        ),

        // The event simulator: the topology on a virtual clock, BGP sessions over in-memory links.
        .target(
            name: "Simulation",
            dependencies: ["NetworkPrimitives", "BGPWire", "BGPSession", "BGPRouting", "CloudRouting", "ConnectionParameters", "BGPDriver", "Topology"],
            swiftSettings: strictSettings
        ),

        // What the command line prints: tables as text, Graphviz pictures, on-premises configurations.
        .target(
            name: "Reports", dependencies: ["NetworkPrimitives", "BGPWire", "BGPSession", "CloudRouting", "ConnectionParameters", "Topology", "Simulation"],
            swiftSettings: strictSettings
        ),

        // The only module that touches sockets, threads and the wall clock (Glibc, Synchronization).
        .target(
            name: "BGPSpeaker",
            dependencies: ["NetworkPrimitives", "BGPWire", "BGPSession", "BGPRouting", "CloudRouting", "ConnectionParameters", "BGPDriver", "Topology", "Reports"],
            swiftSettings: strictSettings
        ),

        // The lab toolkit: processes, namespaces and veths, FRR / BIRD / GoBGP / OpenBGPD / strongSwan
        // instances and our speaker as a process. Foundation and Glibc only; used by `transit-bgp lab`,
        // the benchmarks and the interop tests.
        .target(name: "LabKit", swiftSettings: strictSettings),

        // The command line: `swift run transit-bgp VERB ...`.
        .executableTarget(
            name: "transit-bgp",
            dependencies: ["NetworkPrimitives", "BGPWire", "CloudRouting", "ConnectionParameters", "Topology", "Simulation", "Reports", "BGPSpeaker", "LabKit"],
            swiftSettings: strictSettings
        ),
        // Benchmarks (release build): `swift run -c release transit-bgp-bench SUBCOMMAND`. `ingest` runs
        // the `transit-bgp` executable of the same build, so it is a (build-order) dependency here.
        .executableTarget(
            name: "transit-bgp-bench",
            dependencies: [
                "NetworkPrimitives", "BGPWire", "BGPSession", "BGPRouting", "CloudRouting", "ConnectionParameters", "Topology", "Simulation",
                "BGPDriver", "BGPSpeaker", "LabKit", "transit-bgp",
            ],
            swiftSettings: strictSettings
        ),
        // libFuzzer entry point; built only with `-sanitize=fuzzer` (see README, "Fuzzing").
        .executableTarget(
            name: "FuzzBGPWire",
            dependencies: ["BGPWire"],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "NetworkPrimitivesTests", dependencies: ["NetworkPrimitives"], swiftSettings: strictSettings),
        .testTarget(name: "BGPWireTests", dependencies: ["BGPWire", "NetworkPrimitives"], swiftSettings: strictSettings),
        .testTarget(
            name: "BGPSessionTests", dependencies: ["BGPSession", "BGPWire", "NetworkPrimitives"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BGPRoutingTests", dependencies: ["BGPRouting", "BGPWire", "NetworkPrimitives"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BGPDriverTests", dependencies: ["BGPDriver", "BGPSession", "BGPRouting", "BGPWire", "CloudRouting", "ConnectionParameters", "NetworkPrimitives"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ConnectionParametersTests", dependencies: ["ConnectionParameters", "NetworkPrimitives"], swiftSettings: strictSettings),
        .testTarget(name: "CloudRoutingTests", dependencies: ["CloudRouting", "ConnectionParameters", "NetworkPrimitives", "BGPWire", "BGPRouting", "Topology"], swiftSettings: strictSettings),
        .testTarget(name: "TopologyTests", dependencies: ["Topology", "NetworkPrimitives"], swiftSettings: strictSettings),
        .testTarget(
            name: "SimulationTests", dependencies: ["Simulation", "Reports", "Topology", "CloudRouting", "ConnectionParameters", "BGPSession", "BGPWire", "NetworkPrimitives"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Simulation", "Topology", "CloudRouting", "ConnectionParameters", "NetworkPrimitives"],
            swiftSettings: strictSettings
        ),
        // Interop tests against real FRR / BIRD / GoBGP in network namespaces (root; install the
        // daemons with `bash Tests/lab/install-deps.sh`). The lab harness is LabKit.
        .testTarget(name: "InteropTests", dependencies: ["LabKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "BGPSpeakerTests", dependencies: ["BGPSpeaker", "NetworkPrimitives", "Topology", "CloudRouting", "ConnectionParameters"],
            swiftSettings: strictSettings
        ),
    ]
)
