import Foundation
import Topology

/// The bundled topologies (`Topologies/<name>/topology.json`), found from this file's path.
enum BundledTopologies {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies")

    /// Every bundled topology's folder name, sorted.
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/topology.json").path) }
            .sorted()
    }

    static func load(_ name: String) throws -> TopologyDocument {
        try TopologyLoader.load([UInt8](Data(contentsOf: folder.appendingPathComponent("\(name)/topology.json"))))
    }

    static func load(text: String) throws -> TopologyDocument {
        try TopologyLoader.load(text)
    }
}
