import Foundation
import LineLanguage

/// Reads a schedule file and everything it includes, parses, validates and
/// builds the document. `broadcastctl check` and the daemon both load through
/// here, so they agree on what a schedule means.
public struct ScheduleLoader: Sendable {
    /// Returns a file's bytes, or throws an error whose description says why not.
    public typealias FileReader = @Sendable (String) throws -> [UInt8]

    let readFile: FileReader

    public init(readFile: @escaping FileReader = DiskReader.read) {
        self.readFile = readFile
    }

    /// Loads from disk.
    public static func load(path: String) -> ScheduleLoadResult {
        ScheduleLoader().load(path: path)
    }

    /// Loads from in-memory files keyed by path (tests, editors).
    public static func load(path: String, files: [String: String]) -> ScheduleLoadResult {
        ScheduleLoader(readFile: { name in
            guard let text = files[name] else { throw DiskReader.ReadError(reason: "no such file") }
            return Array(text.utf8)
        }).load(path: path)
    }

    public func load(path: String) -> ScheduleLoadResult {
        var walk = IncludeWalk(readFile: readFile)
        walk.visit(path, stack: [path], includedAt: nil)
        var builder = DocumentBuilder(bag: walk.bag, rootFile: path, rootIsEmpty: walk.sources[path]?.isEmpty ?? false)
        let document = builder.build(walk.statements, files: walk.files)
        return ScheduleLoadResult(document: builder.bag.hasErrors ? nil : document,
                                  diagnostics: builder.bag.all(inFileOrder: walk.files), sources: walk.sources)
    }

    /// `path` as seen from the file that names it: relative paths start in
    /// that file's directory; `.` and `..` are folded so a cycle is recognised.
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        let joined: String
        if path.hasPrefix("/") {
            joined = path
        } else if let slash = file.lastIndex(of: "/") {
            joined = String(file[...slash]) + path
        } else {
            joined = path
        }
        var components: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == "..", let last = components.last, last != ".." {
                components.removeLast()
            } else {
                components.append(component)
            }
        }
        let body = components.joined(separator: "/")
        return joined.hasPrefix("/") ? "/" + body : body
    }
}

/// What a load found: the document when there was no error, every diagnostic,
/// and the sources read, to print each diagnostic with its line.
public struct ScheduleLoadResult: Sendable {
    public var document: ScheduleDocument?
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceFile]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Every diagnostic in the `file:line:column: error: …` form with its source line and caret.
    public var renderedDiagnostics: String { diagnostics.rendered(sources: sources) }
}

/// Follows `include` lines depth first, so statements keep the order a reader sees.
private struct IncludeWalk {
    let readFile: ScheduleLoader.FileReader
    var bag = DiagnosticBag()
    var sources: [String: SourceFile] = [:]
    var statements: [Statement] = []
    var files: [String] = []

    init(readFile: @escaping ScheduleLoader.FileReader) {
        self.readFile = readFile
    }

    mutating func visit(_ path: String, stack: [String], includedAt: SourceLocation?) {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            bag.error("cannot read '\(path)': \(error)", at: includedAt ?? SourceLocation(file: path, line: 1, column: 1),
                      hint: includedAt == nil ? nil : "include paths are relative to the file that includes them")
            return
        }
        let (source, decodeProblems) = SourceFile.decode(name: path, bytes: bytes)
        sources[path] = source
        files.append(path)
        bag.append(contentsOf: decodeProblems)
        guard !source.isBinary else { return }
        let (syntax, problems) = ScheduleParser.parse(source)
        bag.append(contentsOf: problems)
        for statement in syntax.statements {
            guard case .include(let include) = statement.head else {
                statements.append(statement)
                continue
            }
            let target = ScheduleLoader.resolve(include.value, relativeTo: path)
            if let start = stack.firstIndex(of: target) {
                let cycle = (stack[start...] + [target]).joined(separator: " → ")
                bag.error("include cycle: \(cycle)", at: include.location, hint: "remove one of these includes")
            } else if files.contains(target) {
                bag.warning("'\(target)' is already included; including it again changes nothing", at: include.location)
            } else {
                visit(target, stack: stack + [target], includedAt: include.location)
            }
        }
    }
}
