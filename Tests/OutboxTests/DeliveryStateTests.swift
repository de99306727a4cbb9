import Outbox
import Testing

struct DeliveryStateTests {
    @Test(arguments: DeliveryState.allCases)
    func stateNamesRoundTrip(state: DeliveryState) {
        #expect(DeliveryState(name: state.name) == state)
        #expect(DeliveryState(name: "\(state.name)x") == nil)
    }

    @Test(arguments: DeliveryState.allCases)
    func finalStatesLeadNowhere(state: DeliveryState) {
        let reachable = DeliveryState.allCases.filter { state.canMove(to: $0) }
        #expect(reachable.isEmpty == state.isFinal)
        #expect(!state.canMove(to: state))
    }
}
