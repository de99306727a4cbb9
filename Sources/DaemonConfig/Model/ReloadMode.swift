/// `reload on-change` (the default) or `reload signal`: whether a saved file
/// reloads by itself (once it has been quiet for a moment) or only SIGHUP does,
/// for teams that save half-finished edits and want to say when they go live.
public enum ReloadMode: String, Hashable, Sendable, CaseIterable {
    case onChange = "on-change"
    case signal
}
