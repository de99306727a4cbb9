import Logging
import ServiceLifecycle
import UnixSignals

/// SIGUSR1 engages the emergency stop, SIGUSR2 lifts it (`EmergencyStop`).
/// `systemctl kill -s SIGUSR1 broadcastd` is what `broadcastctl pause` tells an
/// operator to run when the outbox cannot be written. The state shows in the
/// journal and in systemd's status line (`systemctl status`), neither of which
/// needs the outbox.
public final class EmergencyStopService: Service {
    private let stop: EmergencyStop
    private let signals: UnixSignalsSequence
    private let notifier: SystemdNotifier
    private let clock: any WallTimeClock
    private let wake: WakeSignal
    private let logger: Logger

    /// `signals` must trap SIGUSR1 and SIGUSR2 before READY=1: their default action ends the process.
    public init(stop: EmergencyStop, signals: UnixSignalsSequence, notifier: SystemdNotifier, clock: any WallTimeClock,
                dispatcherWake: WakeSignal, logger: Logger) {
        self.stop = stop
        self.signals = signals
        self.notifier = notifier
        self.clock = clock
        self.wake = dispatcherWake
        self.logger = logger
    }

    public func run() async throws {
        let signals = signals
        try await runUntilGracefulShutdown {
            for await signal in signals {
                if signal == .sigusr1 {
                    guard self.stop.engage(at: self.clock.now.timeIntervalSince1970) else { continue }
                    self.logger.critical("emergency stop (SIGUSR1): nothing new goes to any gateway until SIGUSR2 or a restart; transfers in flight finish")
                    self.notifier.status("EMERGENCY STOP: sending nothing new; lift with systemctl kill -s SIGUSR2 broadcastd")
                } else if signal == .sigusr2 {
                    guard self.stop.lift() else { continue }
                    self.logger.notice("emergency stop lifted (SIGUSR2): sending again; pauses in the outbox still apply")
                    self.notifier.status("sending again after an emergency stop")
                    self.wake.signal()
                }
            }
        }
    }
}
