import Outbox

/// One delivery-log entry as `log` and `status` print it: the recipient masked.
struct LogLine: Hashable, Sendable, Codable {
    var id: Int64
    var at: Timestamp
    var campaign: String
    var message: String
    var occurrence: Timestamp
    var region: String
    var channel: String
    /// A phone number masked (`+86138****5678`), an endpoint name as it is.
    var recipient: String
    var destination: String
    /// The state the attempt led to: delivered, retrying, dead or skipped.
    var outcome: String
    @JSONNullable var httpStatus: Int? = nil
    @JSONNullable var latencyMs: Int64? = nil
    @JSONNullable var reason: String? = nil
    @JSONNullable var gatewayMessageId: String? = nil
    /// A delivered SMS's delivery report: `delivered`, `failed`, `rejected` or `expired`; null without one.
    @JSONNullable var handset: String? = nil
    /// The SMSC's error code in that report.
    @JSONNullable var smscError: String? = nil

    init(_ entry: LogEntry) {
        id = entry.id
        at = Timestamp(entry.at)
        campaign = entry.key.campaign
        message = entry.key.message
        occurrence = Timestamp(entry.key.occurrence)
        region = entry.key.region
        channel = entry.key.channel
        recipient = entry.key.printableRecipient
        destination = entry.destination
        outcome = entry.outcome.name
        httpStatus = entry.httpStatus
        latencyMs = entry.latencyMilliseconds
        reason = entry.reason
        gatewayMessageId = entry.gatewayMessageID
        handset = entry.handset?.description
        smscError = entry.smscError
    }
}
