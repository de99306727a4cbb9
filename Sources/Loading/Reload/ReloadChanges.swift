/// Everything one reload changed, config and schedule, as the lines the log,
/// systemd's `STATUS=` and `status` show.
public struct ReloadChanges: Sendable, Equatable {
    public var config: ConfigChanges
    public var schedule: ScheduleChanges

    public init(config: ConfigChanges, schedule: ScheduleChanges) {
        self.config = config
        self.schedule = schedule
    }

    public var isEmpty: Bool { config.isEmpty && schedule.isEmpty }

    public var lines: [String] { schedule.lines + config.lines }

    /// One line: `1 message retimed: chunfeng/launch; gateway 'kannel-main': rate changed`.
    public var summary: String { isEmpty ? "nothing changed" : lines.joined(separator: "; ") }
}
