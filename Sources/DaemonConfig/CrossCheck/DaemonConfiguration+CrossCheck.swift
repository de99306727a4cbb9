import LineLanguage
import Schedule

extension DaemonConfiguration {
    /// For `broadcastctl check --config`: every gateway and endpoint the schedule names
    /// that this configuration does not define, each at the place in the schedule
    /// that names it.
    public func crossCheck(_ schedule: ScheduleDocument) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let gatewayNames = gateways.map(\.name)
        let endpointNames = endpoints.map(\.name)

        func report(_ block: String, _ name: String, at location: SourceLocation, known: [String]) {
            diagnostics.append(Diagnostic(.error, at: location, "\(block) '\(name)' is not defined in \(file)",
                                          hint: Suggestion.didYouMean(name, among: known)
                                              ?? "add a block '\(block) \(name)' to \(file)"))
        }

        if let gateway = schedule.campaign.smsGateway, !gatewayNames.contains(gateway) {
            report("gateway", gateway, at: schedule.campaign.location, known: gatewayNames)
        }
        for region in schedule.regions {
            if let sms = region.sms, let gateway = sms.gateway, !gatewayNames.contains(gateway) {
                report("gateway", gateway, at: sms.location, known: gatewayNames)
            }
            for endpoint in region.webhooks where !endpointNames.contains(endpoint) {
                report("endpoint", endpoint, at: region.location, known: endpointNames)
            }
        }
        return diagnostics
    }
}
