import DaemonConfig
import LineLanguage
import Schedule

extension DaemonConfiguration {
    /// For `broadcastctl check --config`: every gateway and endpoint the schedule names
    /// that this configuration does not define, each at the place in the schedule
    /// that names it, with the nearest defined name as a hint. Where the schedule
    /// names a gateway (`via`, `sms-gateway`) a route will do.
    func crossCheck(_ schedule: ScheduleDocument) -> [Diagnostic] {
        let defined: [NameReference.Kind: [String]] = [.gateway: gateways.map(\.name) + routes.map(\.name),
                                                       .endpoint: endpoints.map(\.name)]
        return schedule.references.compactMap { reference in
            let known = defined[reference.kind] ?? []
            guard !known.contains(reference.name) else { return nil }
            let block = reference.kind.rawValue
            return Diagnostic(.error, at: reference.location, "\(block) '\(reference.name)' is not defined in \(file)",
                              hint: Suggestion.didYouMean(reference.name, among: known)
                                  ?? "add a block '\(block) \(reference.name)'\(reference.kind == .gateway ? " or 'route \(reference.name)'" : "") to \(file)")
        }
    }
}
