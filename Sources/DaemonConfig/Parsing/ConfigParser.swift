import Foundation
import LineLanguage

/// Reads `broadcastd.conf`: top-level settings, then `gateway NAME` and `endpoint NAME`
/// blocks whose properties are indented. Every problem is collected, each at its
/// line and column, and parsing goes on with the next line.
struct ConfigParser {
    static let settings = ["schedule", "state", "secrets", "catch-up", "shutdown-grace", "log-retention", "lease-time", "metrics", "reload"] + reportsSettings + outboxSettings
    static let statements = settings + ["gateway", "endpoint", "route"]

    let source: SourceFile
    /// The folder relative paths are resolved against: the config file's own.
    let directory: String
    let secretStore: SecretStore
    var diagnostics = DiagnosticBag()
    /// Lines holding a credential (`password`, `auth`, `signing`, `secret`, `reports-token`, `header`):
    /// their diagnostics are printed without quoting the line.
    var credentialLines: Set<Int> = []
    static let credentialKeys: Set<String> = ["password", "auth", "signing", "secret", "reports-token", "header", "outbox-password"]

    private(set) var settingLines: [String: Int] = [:]
    /// Per block keyword, the line each name was defined on.
    private var blockLines: [String: [String: Int]] = [:]
    private var schedule: String?
    private var state: String?
    private var secrets: String?
    private var catchUp = DaemonConfiguration.defaultCatchUp
    private var shutdownGrace = DaemonConfiguration.defaultShutdownGrace
    private var logRetention = DaemonConfiguration.defaultLogRetention
    private var leaseTime = DaemonConfiguration.defaultLeaseTime
    /// Where `lease-time`'s value was written, for the check against the timeouts.
    var leaseTimeAt: SourceLocation?
    private var reportsAddress: (host: String, port: Int, remote: Bool)?
    private var reportsToken: SecretText?
    private var metrics: MetricsConfiguration?
    /// `outbox` and `outbox-password` as read; combined with `state` at the end.
    var outboxValue: OutboxSyntax.Value?
    var outboxPassword: OutboxPassword?
    private var optOutKeywords = OptOutKeywords.standard
    private var reload = ReloadMode.onChange
    private var gateways: [GatewayConfiguration] = []
    private var endpoints: [EndpointConfiguration] = []
    private var routes: [RouteConfiguration] = []

    init(source: SourceFile, directory: String, environment: [String: String]) {
        self.source = source
        self.directory = directory
        let secretsFolder = ConfigParser.secretsFolder(in: source).map { ConfigParser.resolve(path: $0, against: directory) }
        self.secretStore = SecretStore(environment: environment, secretsFolder: secretsFolder)
    }

    mutating func parse() -> DaemonConfiguration? {
        if source.isEmpty {
            diagnostics.error("the config file is empty", at: source.location(line: 1, column: 1),
                              hint: "start with 'schedule PATH' and 'state PATH'; see docs/config.md")
            return nil
        }
        readLines()
        return finish()
    }

    /// Only where the outbox lives, for a reader that needs no more (`broadcastctl status`):
    /// `source` holds only the lines `DaemonConfigLoader.outboxLocation` kept.
    mutating func parseOutboxLocation() -> OutboxLocation? {
        readLines()
        return outboxLocation(state: state)
    }

    /// Only the `schedule` path, for a reader that needs the campaigns' time zones (`broadcastctl log`).
    mutating func parseSchedulePath() -> String? {
        readLines()
        return schedule
    }

    private mutating func readLines() {
        var index = 0
        while index < source.lines.count {
            let line = source.lines[index]
            index += 1
            if line.isBlank || line.isComment { continue }
            var scanner = LineScanner(line: line, file: source.name)
            guard let keyword = scanner.next() else { continue }
            if Self.credentialKeys.contains(keyword.text) { credentialLines.insert(line.number) }
            if line.indentation > 0 {
                diagnostics.error("indented line outside a gateway, endpoint or route block", at: keyword.location,
                                  hint: "a top-level setting starts in the first column")
                continue
            }
            switch keyword.text {
            case "gateway", "endpoint", "route":
                // A comment in the first column does not end a block: only a statement does.
                let body = source.block(from: index, deeperThan: 0, commentsInside: true)
                index = body.upperBound
                let keys = [("gateway", Self.gatewayKeys), ("endpoint", Self.endpointKeys), ("route", Self.routeKeys)]
                let properties = readProperties(source.lines[body], keys: keys.first { $0.0 == keyword.text }?.1 ?? [],
                                                block: keyword.text)
                if keyword.text == "gateway" {
                    if let gateway = parseGateway(&scanner, keyword: keyword, properties) { gateways.append(gateway) }
                } else if keyword.text == "route" {
                    if let route = parseRoute(&scanner, keyword: keyword, properties) { routes.append(route) }
                } else if let endpoint = parseEndpoint(&scanner, keyword: keyword, properties) {
                    endpoints.append(endpoint)
                }
            default:
                parseSetting(keyword, &scanner)
            }
            diagnostics.append(contentsOf: scanner.diagnostics)
        }
    }

    private mutating func parseSetting(_ keyword: Token, _ scanner: inout LineScanner) {
        guard Self.settings.contains(keyword.text) else {
            diagnostics.error("unknown setting \(keyword)", at: keyword.location,
                              hint: Suggestion.didYouMean(keyword.text, among: Self.statements)
                                  ?? "expected one of: \(Self.statements.joined(separator: ", "))")
            return
        }
        if let first = settingLines[keyword.text] {
            diagnostics.error("'\(keyword.text)' is already set on line \(first)", at: keyword.location,
                              hint: "keep one '\(keyword.text)' line")
            return
        }
        settingLines[keyword.text] = keyword.location.line
        var property = PropertyReader.arguments(of: keyword, shape: .words, &scanner)
        if keyword.text == "optout-keywords" {
            // `#` cannot start a keyword, so ` #` still ends the line as a comment.
            property.arguments = property.arguments.filter { !$0.isComma }
        }
        switch keyword.text {
        case "schedule": schedule = path(property)
        case "state": state = path(property)
        case "secrets": secrets = path(property)
        case "catch-up": catchUp = duration(property, allowingZero: true) ?? catchUp
        case "log-retention": logRetention = duration(property, allowingZero: false) ?? logRetention
        case "lease-time": leaseTime = self.leaseTime(property) ?? leaseTime
        case "reports": reportsAddress = reportsAddress(property)
        case "reports-token": reportsToken = reportsToken(property)
        case "metrics":
            metrics = listenAddress(property, .metrics).map { MetricsConfiguration(host: $0.host, port: $0.port, allowsRemote: $0.remote) }
        case "optout-keywords": optOutKeywords = self.optOutKeywords(property) ?? optOutKeywords
        case "outbox": outboxValue = outbox(property)
        case "outbox-password": outboxPassword = outboxPassword(property)
        case "reload": reload = reloadMode(property) ?? reload
        default: shutdownGrace = duration(property, allowingZero: false) ?? shutdownGrace
        }
    }

    private mutating func finish() -> DaemonConfiguration? {
        let start = source.location(line: 1, column: 1)
        if schedule == nil {
            diagnostics.error("no 'schedule' setting", at: start,
                              hint: "add a line like 'schedule /etc/broadcastd/campaign.schedule'")
        }
        let outbox = outboxLocation(state: state)
        let reports = checkReportsComplete(address: reportsAddress, token: reportsToken,
                                           tokenWritten: settingLines["reports-token"] != nil)
        checkRoutes(routes, gateways: gateways, endpoints: endpoints)
        checkLeaseOutlastsRequests(leaseTime, gateways: gateways, endpoints: endpoints)
        guard !diagnostics.hasErrors, let schedule, let outbox else { return nil }
        return DaemonConfiguration(file: source.name, schedule: schedule, outbox: outbox, state: state, secrets: secrets,
                                   catchUp: catchUp, shutdownGrace: shutdownGrace, logRetention: logRetention, leaseTime: leaseTime,
                                   reports: reports, metrics: metrics, optOutKeywords: optOutKeywords, reload: reload,
                                   gateways: gateways, endpoints: endpoints, routes: routes)
    }

    /// Records a block's name, refusing one already used by a block of the same kind.
    mutating func claim(_ name: Token, block: String) -> Bool {
        if let first = blockLines[block]?[name.text] {
            diagnostics.error("\(block) '\(name.text)' is already defined on line \(first)", at: name.location,
                              hint: "give each \(block) its own name")
            return false
        }
        blockLines[block, default: [:]][name.text] = name.location.line
        return true
    }

    static func resolve(path: String, against directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    /// The `secrets` folder as written, read ahead of the full parse because values
    /// anywhere in the file, even above it, resolve their secrets there.
    static func secretsFolder(in source: SourceFile) -> String? {
        for line in source.lines where line.indentation == 0 && !line.isBlank && !line.isComment {
            var scanner = LineScanner(line: line, file: source.name)
            if scanner.next()?.text == "secrets", let folder = scanner.next(), !folder.isComma {
                return folder.text
            }
        }
        return nil
    }
}
