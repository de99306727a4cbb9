import Foundation
import Testing

/// The dependencies point one way, along the data flow, and this suite fails
/// when an import breaks that: Package.swift says what a module may link, and
/// the compiler holds each file to it, but nothing else stops a new dependency
/// that runs against the flow (the dialects importing the schedule parser,
/// the operator's tool linking the daemon's service runtime) from being added there.
struct ModuleBoundaryTests {
    /// Our modules, leaves first. A module imports only modules of earlier layers.
    static let layers: [[String]] = [
        ["CSQLite", "CCurl", "CCrypto", "TextFormat", "CivilDate", "SMSText"],
        ["LineLanguage"],
        ["Schedule", "Outbox", "Delivery", "DaemonConfig", "GatewaySimulator"],
        ["Plan", "OutboxSQLite", "OutboxPostgres"],
        ["Loading", "OutboxOpening"],
        ["DispatchRules"],
        ["Daemon", "Rehearsal"],
        ["Control", "BroadcastdBench"],
        ["broadcastd", "broadcastctl", "broadcastd_simulator", "broadcastd_bench"],
    ]

    /// Imports that must not be reachable from a module, even through another.
    static let forbidden: [(module: String, mayNotReach: Set<String>, why: String)] = [
        ("Delivery", ["Schedule", "Plan", "Outbox", "DaemonConfig", "Daemon"],
         "the dialects and the transport know messages and URLs, not the schedule or the outbox"),
        ("Outbox", ["Schedule", "Plan", "Delivery", "DaemonConfig", "Daemon"],
         "the outbox stores keys, cursors and outcomes; what they mean lives upstream"),
        ("Outbox", ["CSQLite", "OutboxSQLite", "OutboxPostgres", "PostgresNIO"], "the seam names no backend; backends implement it"),
        ("OutboxPostgres", ["CSQLite", "OutboxSQLite", "Schedule", "Plan", "Delivery", "DaemonConfig", "Loading"],
         "a backend stands on the seam alone: what the outboxes share lives in Outbox, not in another backend"),
        ("OutboxSQLite", ["OutboxPostgres", "PostgresNIO"], "a backend stands on the seam alone"),
        ("DaemonConfig", ["Schedule", "Plan", "Outbox", "Delivery"],
         "broadcastd.conf is read on its own; the cross-check with schedules belongs to the loader"),
        ("Schedule", ["Plan", "Outbox", "Delivery", "DaemonConfig", "Daemon"], "the language knows nothing downstream"),
        ("Plan", ["Outbox", "Delivery", "DaemonConfig", "Daemon"], "planning is pure: the daemon and check share it"),
        ("Loading", ["Outbox", "Daemon", "GatewaySimulator"],
         "loading reads files and builds values; what runs them and what they are stored in live downstream"),
        ("DispatchRules", ["Daemon", "GatewaySimulator", "NIOCore", "NIOPosix", "NIOHTTP1", "ServiceLifecycle", "UnixSignals"],
         "the dispatch rules are pure values that broadcastctl's rehearsal runs too: no service runtime, no network stack, no log backend"),
        ("Rehearsal", ["Daemon", "GatewaySimulator", "NIOCore", "NIOPosix", "NIOHTTP1", "ServiceLifecycle", "UnixSignals"],
         "the rehearsal runs the daemon's rules, not the daemon: nothing of its runtime, no network"),
        ("Daemon", ["GatewaySimulator"], "the simulator is for the demo, the tests and the benchmarks, not the shipped daemon"),
        ("Control", ["Daemon", "GatewaySimulator"],
         "broadcastctl talks to the daemon through the outbox and checks through the shared loader; it links no daemon"),
    ]

    /// Runtime machinery only the daemon may pull in, and the programs that run it.
    static let daemonOnly: Set<String> = ["ServiceLifecycle", "UnixSignals"]
    static let daemonRunners: Set<String> = ["Daemon", "broadcastd", "BroadcastdBench", "broadcastd_bench"]

    @Test func everyModuleImportsOnlyEarlierLayers() throws {
        let graph = try Self.importGraph()
        let layerOf = Dictionary(uniqueKeysWithValues: Self.layers.enumerated().flatMap { index, names in names.map { ($0, index) } })
        #expect(Set(graph.keys) == Set(layerOf.keys), "a module was added or removed: place it in `layers`")
        for (module, imports) in graph {
            guard let layer = layerOf[module] else { continue }
            for imported in imports {
                guard let importedLayer = layerOf[imported] else { continue }
                #expect(importedLayer < layer, "\(module) imports \(imported), which is not upstream of it")
            }
        }
    }

    @Test func forbiddenModulesAreNotReachable() throws {
        let graph = try Self.importGraph()
        for rule in Self.forbidden {
            let reached = Self.reachable(from: rule.module, in: graph).intersection(rule.mayNotReach)
            #expect(reached.isEmpty, "\(rule.module) reaches \(reached.sorted()): \(rule.why)")
        }
    }

    /// swift-metrics and swift-prometheus serve the daemon's /metrics: no other
    /// module records or renders metrics, so broadcastctl, the loaders and the
    /// leaves build without them.
    static let metricsLibraries: Set<String> = ["Metrics", "CoreMetrics", "Prometheus"]

    @Test func onlyTheDaemonImportsTheMetricsLibraries() throws {
        let graph = try Self.importGraph()
        #expect(graph["Daemon"]?.isDisjoint(with: Self.metricsLibraries) == false, "the daemon serves /metrics")
        for (module, imports) in graph where module != "Daemon" {
            #expect(imports.isDisjoint(with: Self.metricsLibraries),
                    "\(module) imports \(imports.intersection(Self.metricsLibraries).sorted()): only Daemon records metrics")
        }
    }

    @Test func onlyTheDaemonImportsTheServiceRuntime() throws {
        let graph = try Self.importGraph()
        for (module, imports) in graph where !Self.daemonRunners.contains(module) {
            #expect(imports.isDisjoint(with: Self.daemonOnly), "\(module) imports \(imports.intersection(Self.daemonOnly).sorted())")
        }
    }

    /// broadcastctl works without linking the daemon's runtime: it checks through
    /// `Loading`, which the daemon shares, and carries no gateway simulator.
    @Test func broadcastctlDoesNotLinkTheDaemonRuntime() throws {
        let graph = try Self.importGraph()
        let reached = Self.reachable(from: "broadcastctl", in: graph)
        #expect(reached.contains("Control"), "broadcastctl is a thin main over Control")
        #expect(reached.isDisjoint(with: Self.daemonOnly), "broadcastctl reaches \(reached.intersection(Self.daemonOnly).sorted())")
        #expect(!reached.contains("Daemon"), "broadcastctl links the daemon")
        #expect(!reached.contains("GatewaySimulator"), "broadcastctl carries no gateway simulator")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each module folder under Sources/ and Benchmarks/Sources/ and the modules its files import.
    static func importGraph() throws -> [String: Set<String>] {
        var graph: [String: Set<String>] = [:]
        for folder in ["Sources", "Benchmarks/Sources"] {
            let base = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
                let module = name.replacingOccurrences(of: "-", with: "_")
                var imports: Set<String> = []
                let enumerator = FileManager.default.enumerator(atPath: base.appendingPathComponent(name).path)
                while let file = enumerator?.nextObject() as? String {
                    guard file.hasSuffix(".swift") || file.hasSuffix(".h") || file.hasSuffix(".modulemap") else { continue }
                    let text = try String(contentsOf: base.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
                    imports.formUnion(Self.imports(in: text))
                }
                graph[module] = imports
            }
        }
        return graph
    }

    /// `import X`, `@testable import X`, `import struct X.Y`: the module names.
    static func imports(in text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "private"].contains(first) {
                words.removeFirst()
            }
            guard words.first == "import", words.count >= 2 else { continue }
            let target = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(words[1]) && words.count >= 3
                ? words[2] : words[1]
            names.insert(String(target.split(separator: ".")[0]))
        }
        return names
    }

    static func reachable(from module: String, in graph: [String: Set<String>]) -> Set<String> {
        var seen: Set<String> = []
        var stack = Array(graph[module] ?? [])
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: graph[next] ?? [])
        }
        return seen
    }

    @Test func importParsingReadsEveryForm() {
        let text = """
            import Foundation
            @testable import Outbox
            import struct Schedule.LocalDate
            @_exported import Plan
            // import Commented
            let important = 1
            """
        #expect(Self.imports(in: text) == ["Foundation", "Outbox", "Schedule", "Plan"])
    }
}
