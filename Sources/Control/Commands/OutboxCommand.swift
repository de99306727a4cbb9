import ArgumentParser
import DaemonConfig
import Foundation
import OutboxOpening
import TextFormat

/// `broadcastctl outbox copy`: the outbox itself, moved between backends.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Move the outbox itself (a single machine's SQLite outbox to PostgreSQL).",
        subcommands: [Copy.self]
    )

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a stopped daemon's SQLite outbox into an empty PostgreSQL database, verified by counts.",
            discussion: """
                Stop broadcastd first (systemctl stop broadcastd): the copy takes the state folder's lock and refuses \
                while the daemon holds it. The source is --state-dir DIR, else the config's 'state'. The target is --to \
                URL, else the config's 'outbox postgresql://…' with its 'outbox-password'. The password is never given \
                on the command line: --password-file FILE (the file the config's secret:NAME will name), or the \
                config's. The target's schema is created or migrated; a target holding any outbox rows is refused. \
                Every table goes in one transaction, committed only when each table's count matches; leases the \
                stopped daemon held are released first. See docs/ha.md, 'Moving an existing outbox'.
                """
        )

        @Option(help: OutboxOptions.configHelp) var config = OutboxOptions.defaultConfig
        @Option(name: .customLong("state-dir"), help: OutboxOptions.stateHelp) var stateDirectory: String?
        @Option(name: .customLong("state"), help: .hidden) var legacyState: String?
        @Option(help: ArgumentHelp("The PostgreSQL outbox to fill: postgresql://USER@HOST[:PORT]/DB[?sslmode=…].", valueName: "url"))
        var to: String?
        @Option(help: ArgumentHelp("A file holding the PostgreSQL password (its first line).", valueName: "file"))
        var passwordFile: String?
        @Flag(help: "Count what would be copied; open nothing but the SQLite outbox, change nothing.")
        var dryRun = false

        func run() async throws {
            let (folder, target) = try await reportingErrors { try locations() }
            do throws(OutboxCopyError) {
                let report = try await OutboxCopy.run(stateDirectory: folder, to: target, dryRun: dryRun)
                print(Self.rendered(report))
            } catch {
                if let report = error.report { print(Self.rendered(report)) }
                Terminal.printError(error.description)
                throw ExitCode(1)
            }
        }

        /// The SQLite folder to read and the PostgreSQL outbox to fill, from the options and the config.
        func locations() throws -> (folder: String, target: PostgreSQLLocation) {
            // Both places given, the config is read only for a password, and may be absent or not parse.
            let locator = OutboxLocator(config: config, stateFolder: nil)
            let configured: OutboxLocation?
            if (stateDirectory ?? legacyState) != nil && to != nil {
                configured = try? locator.location()
            } else {
                configured = try locator.location()
            }
            guard let folder = stateDirectory ?? legacyState ?? configured?.stateDirectory else {
                throw OperateError(configured == nil
                    ? "no state folder: give --state-dir DIR (the SQLite outbox's folder), or --config FILE with its 'state'"
                    : "the config's outbox is PostgreSQL already: give the SQLite outbox's folder with --state-dir DIR")
            }
            let password = try passwordFile.map(Self.readPassword)
            if let to {
                do {
                    var target = try PostgreSQLLocation(commandLine: to, option: "--to", password: password)
                    // The config already naming this database gives its password, unless a file was given.
                    if password == nil, case .postgresql(let written)? = configured, written.description == target.description {
                        target.password = written.password
                    }
                    return (folder, target)
                } catch {
                    throw OperateError(error.description)
                }
            }
            guard case .postgresql(var target)? = configured else {
                throw OperateError("no target: give --to postgresql://USER@HOST[:PORT]/DB, or a --config whose outbox is PostgreSQL")
            }
            if let password { target.password = password }
            return (folder, target)
        }

        static func readPassword(_ path: String) throws -> SecretText {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OperateError("cannot read the password file '\(path)'")
            }
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            guard !line.isEmpty else { throw OperateError("the password file '\(path)' is empty") }
            return SecretText(plain: String(line))
        }

        /// The counts per table, what was released, and what to do next.
        static func rendered(_ report: OutboxCopy.Report) -> String {
            let rows = report.tables.map { count -> [String] in
                guard count.notCopied == nil else { return [count.table, "n/a", "n/a", "", count.notCopied ?? ""] }
                let target = count.target.map(\.groupedDigits) ?? (report.dryRun ? "-" : "?")
                let verdict = report.dryRun ? "" : count.matches ? "ok" : "MISMATCH"
                return [count.table, count.source.map(\.groupedDigits) ?? "?", target, verdict, ""]
            }
            var lines = [(report.dryRun ? "Would copy " : "Copying ") + "\(report.source) to \(report.target)", ""]
            lines.append(TextTable(header: ["table", "source", "target", "match", "not copied because"], rows: rows, indent: "  ").rendered())
            lines.append("")
            if report.dryRun {
                lines.append("Dry run: nothing was changed; run again without --dry-run to copy.")
                return lines.joined(separator: "\n")
            }
            if report.releasedLeases > 0 {
                lines.append("Released \(report.releasedLeases.groupedDigits) leases of the stopped daemon first (in flight when it "
                             + "stopped: sent again unless recorded, as at any restart).")
            }
            guard report.tables.allSatisfy(\.matches) else { return lines.joined(separator: "\n") }
            lines += [
                "Every count matches: the outbox is in \(report.target).",
                "Next:",
                "  1. In broadcastd.conf, write 'outbox \(report.target)' and 'outbox-password secret:NAME'.",
                "  2. broadcastctl check --config FILE --connect",
                "  3. systemctl start broadcastd (on each node), then broadcastctl status.",
            ]
            if let marker = report.movedMarker {
                lines.append("broadcastd now refuses the old state folder (\(marker)): it would send again what is sent from PostgreSQL.")
            }
            if let warning = report.warning { lines.append("WARNING: " + warning) }
            return lines.joined(separator: "\n")
        }
    }
}
