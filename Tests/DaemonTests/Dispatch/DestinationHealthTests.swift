@testable import DispatchRules
import Outbox
import Testing

/// A gateway's outage is two log lines, with the reason and the count, not one per recipient.
struct DestinationHealthTests {
    @Test func threeRetryableFailuresInARowAreOneWarningAndADeliveryIsOneNotice() {
        var health = DestinationHealth()
        let refused = Outcome.Result.retry(at: 100, reason: "connection refused")
        #expect(health.observe(refused, destination: "kannel-main", now: 10) == nil)
        #expect(health.observe(refused, destination: "kannel-main", now: 11) == nil)
        let failing = health.observe(.retry(at: 100, reason: "http 503"), destination: "kannel-main", now: 12)
        #expect(failing?.level == .warning)
        #expect(failing?.message == "'kannel-main' failing: connection refused; its deliveries retry")
        #expect(failing?.metadata["failed"] == "3")
        for second in 13..<310 { #expect(health.observe(refused, destination: "kannel-main", now: Double(second)) == nil) }
        let recovered = health.observe(.delivered(gatewayMessageID: nil), destination: "kannel-main", now: 310)
        #expect(recovered?.level == .notice)
        #expect(recovered?.message == "'kannel-main' recovered: delivering again")
        #expect(recovered?.metadata["failed"] == "300")
        #expect(recovered?.metadata["after"] == "5m")
        #expect(health.observe(.delivered(gatewayMessageID: nil), destination: "kannel-main", now: 311) == nil)
    }

    /// Under a route the failing gateway's deliveries fail over: the line says so, not "retry".
    @Test func aRoutedGatewaysWarningSaysItsDeliveriesGoToTheNextGateway() {
        var health = DestinationHealth()
        let refused = Outcome.Result.retry(at: 100, reason: "connection refused")
        for second in 0..<2 { #expect(health.observe(refused, destination: "china-mobile-gw", now: Double(second), routed: true) == nil) }
        #expect(health.observe(refused, destination: "china-mobile-gw", now: 2, routed: true)?.message
                == "'china-mobile-gw' failing: connection refused; a route's deliveries go to its next gateway")
    }

    @Test func aLoneFailureAmongDeliveriesAndDeadNumbersStayQuiet() {
        var health = DestinationHealth()
        for second in 0..<20 {
            let result: Outcome.Result = switch second % 4 {
            case 0: .retry(at: 100, reason: "timed out")
            case 1: .dead(reason: "http 400: invalid number")
            case 2: .retry(at: 100, reason: "timed out")
            default: .delivered(gatewayMessageID: "x")
            }
            #expect(health.observe(result, destination: "kannel-main", now: Double(second)) == nil)
        }
    }

    @Test func eachDestinationHasItsOwnStreak() {
        var health = DestinationHealth()
        let failure = Outcome.Result.retry(at: 100, reason: "http 502")
        _ = health.observe(failure, destination: "a", now: 0)
        _ = health.observe(failure, destination: "b", now: 0)
        _ = health.observe(failure, destination: "a", now: 1)
        #expect(health.observe(.delivered(gatewayMessageID: nil), destination: "b", now: 2) == nil)
        #expect(health.observe(failure, destination: "a", now: 3)?.message == "'a' failing: http 502; its deliveries retry")
    }
}
