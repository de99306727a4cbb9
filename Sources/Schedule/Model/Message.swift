import CivilDate
import LineLanguage

/// One line of a `to` list: a region, its children, or all its descendants.
public enum RegionSelector: Hashable, Sendable, CustomStringConvertible {
    case region(RegionPath)
    case children(RegionPath)
    case descendants(RegionPath)

    public var description: String {
        switch self {
        case .region(let path): return path.description
        case .children(let path): return "\(path)/*"
        case .descendants(let path): return "\(path)/**"
        }
    }
}

public struct Targets: Hashable, Sendable {
    public var include: [RegionSelector]
    public var exclude: [RegionSelector]

    public init(include: [RegionSelector], exclude: [RegionSelector] = []) {
        self.include = include
        self.exclude = exclude
    }
}

public struct Message: Hashable, Sendable {
    public var name: String
    public var rules: [Rule]
    /// `from`/`until`, both inclusive; nil means the campaign's own bounds.
    public var from: LocalDate?
    public var until: LocalDate?
    public var except: [DateRange]
    public var targets: Targets
    public var channels: [Channel]
    /// `text` (for every channel) is stored under each channel in `via` that has no
    /// text of its own, so later stages look up one dictionary.
    public var texts: [Channel: TextTemplate]
    public var location: SourceLocation

    public init(name: String, rules: [Rule], from: LocalDate? = nil, until: LocalDate? = nil,
                except: [DateRange] = [], targets: Targets, channels: [Channel],
                texts: [Channel: TextTemplate], location: SourceLocation) {
        self.name = name
        self.rules = rules
        self.from = from
        self.until = until
        self.except = except
        self.targets = targets
        self.channels = channels
        self.texts = texts
        self.location = location
    }
}
