import Foundation
import Testing

/// A public type name means one thing across the package: a file that imports
/// two modules declaring the same name has to qualify it, and a reader of either
/// has to ask which one is meant (the config's `RateLimit` was not delivery's).
struct PublicTypeNameTests {
    /// Duplicates not fixed yet, each with where its fix belongs. An entry that is
    /// no longer a duplicate fails the known issue: take it out.
    static let knownDuplicates: [String: String] = [:]

    @Test func noTwoModulesDeclareTheSamePublicType() throws {
        let declared = try Self.publicTypes()
        for (name, modules) in declared.sorted(by: { $0.key < $1.key }) where modules.count > 1 {
            if let why = Self.knownDuplicates[name] {
                withKnownIssue(Comment(rawValue: why)) {
                    Issue.record("public type \(name) is declared in \(modules.sorted())")
                }
            } else {
                Issue.record("public type \(name) is declared in \(modules.sorted()): rename one (e.g. the config's as a setting or declaration), or make it internal")
            }
        }
        for name in Self.knownDuplicates.keys where (declared[name]?.count ?? 0) < 2 {
            Issue.record("\(name) is no longer declared twice: remove it from knownDuplicates")
        }
    }

    @Test func declarationsAreRead() {
        let text = """
            public struct Plan: Sendable {
                public struct Entry {}
            }
            @frozen public enum Channel {}
            public final class Statement {}
            open class Base {}
            struct Hidden {}
            public protocol Dialect: Sendable {}
            public typealias Seconds = Double
            public extension Plan {}
            """
        #expect(Self.typeNames(in: text) == ["Plan", "Channel", "Statement", "Base", "Dialect", "Seconds"])
    }

    /// Per top-level public type name, the modules under Sources/ and Benchmarks/Sources/ that declare it.
    static func publicTypes() throws -> [String: Set<String>] {
        var declared: [String: Set<String>] = [:]
        for folder in ["Sources", "Benchmarks/Sources"] {
            let base = ModuleBoundaryTests.root.appendingPathComponent(folder)
            for module in try FileManager.default.contentsOfDirectory(atPath: base.path) {
                let enumerator = FileManager.default.enumerator(atPath: base.appendingPathComponent(module).path)
                while let file = enumerator?.nextObject() as? String {
                    guard file.hasSuffix(".swift") else { continue }
                    let text = try String(contentsOf: base.appendingPathComponent(module).appendingPathComponent(file), encoding: .utf8)
                    for name in Self.typeNames(in: text) { declared[name, default: []].insert(module) }
                }
            }
        }
        return declared
    }

    /// Names of public or open types declared at the top level (in column 1); nested
    /// types are always written qualified, so they may repeat.
    static func typeNames(in text: String) -> [String] {
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
        var names: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") {
            var words = line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" }).map(String.init)
            while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
            guard let access = words.first, access == "public" || access == "open" else { continue }
            words.removeFirst()
            while let first = words.first, ["final", "indirect"].contains(first) { words.removeFirst() }
            guard words.count >= 2, kinds.contains(words[0]) else { continue }
            names.append(words[1])
        }
        return names
    }
}
