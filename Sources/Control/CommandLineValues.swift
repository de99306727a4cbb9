import ArgumentParser
import CivilDate
import Schedule

/// Option values as a planner types them, in the schedule language's spelling.
enum CommandLineValues {
    /// The schedule's own reading of a date, so `2021-02-09-x` is refused here too.
    static func date(_ text: String) throws -> LocalDate {
        switch LocalDate.parse(text) {
        case .success(let date): return date
        case .failure(.notADate): throw ValidationError("'\(text)' is not a date; expected a date like 2021-02-09")
        case .failure(.doesNotExist): throw ValidationError("\(text) does not exist in the calendar")
        }
    }

    static func regionSelector(_ text: String) throws -> RegionSelector {
        if text.hasSuffix("/**") { return .descendants(RegionPath(String(text.dropLast(3)))) }
        if text.hasSuffix("/*") { return .children(RegionPath(String(text.dropLast(2)))) }
        guard !text.isEmpty, !text.contains("*") else {
            throw ValidationError("'\(text)' is not a region selector; expected PATH, PATH/* or PATH/**")
        }
        return .region(RegionPath(text))
    }

    static func channel(_ text: String) throws -> Channel {
        guard let channel = Channel(rawValue: text) else {
            throw ValidationError("'\(text)' is not a channel; expected one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return channel
    }
}
