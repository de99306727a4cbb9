/// Why a schedule cannot be planned. The loader reports these with a position
/// first; this is the last guard for a document built some other way.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    static func unknownTimeZone(_ identifier: String) -> PlanError {
        PlanError(description: "unknown time zone '\(identifier)'; expected an IANA name like Asia/Shanghai")
    }
}
