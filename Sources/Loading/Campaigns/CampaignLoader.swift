import DaemonConfig
import LineLanguage
import Plan
import Schedule

/// One schedule file that loaded: its document and the plan expanded from it.
public struct LoadedCampaign: Sendable {
    public var path: String
    public var document: ScheduleDocument
    public var plan: Plan

    public var name: String { document.campaign.name }
}

/// Everything a load found, good and bad, so that `broadcastctl check` and the
/// daemon print the same diagnostics for the same files.
public struct CampaignLoad: Sendable {
    /// Empty when any file had an error: a reload swaps all or nothing.
    public var campaigns: [LoadedCampaign]
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceFile]
    /// Per schedule path, every file it read (itself and its includes), for reload
    /// watching and for `check`'s verdict on each file.
    var filesBySchedule: [String: [String]]

    public var files: [String] { filesBySchedule.values.flatMap { $0 }.sorted() }

    public func hasErrors(inSchedule path: String) -> Bool {
        let files = Set(filesBySchedule[path] ?? [path])
        return diagnostics.contains { $0.severity == .error && files.contains($0.location.file) }
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var rendered: String { diagnostics.rendered(sources: sources) }
}

/// The one loader: schedule files → documents → plans, cross-checked against the
/// daemon config when there is one. The daemon runs it at start and on every
/// reload; `broadcastctl check` runs it too, so a file that checks is a file the daemon takes.
public enum CampaignLoader {
    /// `recipientCounter` counts the campaigns' lists; `.uncounted` reads none
    /// and leaves every count unknown (for callers that need names and times only).
    public static func load(schedulePaths: [String], configuration: DaemonConfiguration?,
                            loader: ScheduleLoader = ScheduleLoader(),
                            recipientCounter: RecipientCounter = RecipientCounter()) -> CampaignLoad {
        var result = CampaignLoad(campaigns: [], diagnostics: [], sources: [:], filesBySchedule: [:])
        var loaded: [LoadedCampaign] = []
        var campaignNames: [String: SourceLocation] = [:]
        for path in schedulePaths {
            let schedule = loader.load(path: path)
            result.diagnostics += schedule.diagnostics
            result.sources.merge(schedule.sources) { first, _ in first }
            result.filesBySchedule[path] = schedule.sources.isEmpty ? [path] : schedule.sources.keys.sorted()
            guard let document = schedule.document else { continue }
            if let earlier = campaignNames[document.campaign.name] {
                result.diagnostics.append(Diagnostic(
                    .error, at: document.campaign.location, "campaign '\(document.campaign.name)' is already defined at \(earlier)",
                    hint: "each schedule file needs its own campaign name"))
                continue
            }
            campaignNames[document.campaign.name] = document.campaign.location
            if let configuration { result.diagnostics += configuration.crossCheck(document) }
            do {
                let plan = try Plan(document, recipientCounter: recipientCounter)
                result.diagnostics += plan.warnings()
                loaded.append(LoadedCampaign(path: path, document: document, plan: plan))
            } catch {
                result.diagnostics.append(Diagnostic(.error, at: document.campaign.location, error.description))
            }
        }
        result.campaigns = result.hasErrors ? [] : loaded
        return result
    }
}
