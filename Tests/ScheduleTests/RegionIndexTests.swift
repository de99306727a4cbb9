import Foundation
import LineLanguage
import Schedule
import Testing

struct RegionIndexTests {
    private static let regions = ["p", "p/a", "p/a/x", "p/a/y", "p/b", "p/b/z", "q"].map {
        Region(path: RegionPath($0), displayName: $0, variables: $0 == "p/a" ? ["v": "a"] : $0 == "p" ? ["v": "p", "w": "p"] : [:],
               location: SourceLocation(file: "r", line: 1, column: 1))
    }

    @Test(arguments: [
        ("p", "", ["p"]),
        ("p/*", "", ["p/a", "p/b"]),
        ("p/**", "", ["p/a", "p/a/x", "p/a/y", "p/b", "p/b/z"]),
        ("p, p/**, p/a, q", "", ["p", "p/a", "p/a/x", "p/a/y", "p/b", "p/b/z", "q"]),
        ("p/**", "p/a/*, p/b", ["p/a", "p/b/z"]),
        ("p/**", "p/**", []),
    ])
    func selectsEachRegionOnceInDeclarationOrder(include: String, exclude: String, expected: [String]) {
        func selectors(_ text: String) -> [RegionSelector] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { item in
                if item.hasSuffix("/**") { return .descendants(RegionPath(String(item.dropLast(3)))) }
                if item.hasSuffix("/*") { return .children(RegionPath(String(item.dropLast(2)))) }
                return .region(RegionPath(item))
            }
        }
        let reached = RegionIndex(Self.regions).regions(reachedBy: Targets(include: selectors(include), exclude: selectors(exclude)))
        #expect(reached.map(\.path.description) == expected)
    }

    @Test func childrenInheritAndOverrideVariables() {
        let index = RegionIndex(Self.regions)
        #expect(index.inheritedVariables(of: RegionPath("p/a/x")) == ["v": "a", "w": "p"])
        #expect(index.inheritedVariables(of: RegionPath("p/b/z")) == ["v": "p", "w": "p"])
        #expect(index.inheritedVariables(of: RegionPath("q")) == [:])
    }
}
