import Control
import Testing

struct BroadcastctlTests {
    @Test func namesItselfBroadcastctl() {
        #expect(Broadcastctl.configuration.commandName == "broadcastctl")
    }
}
