import Foundation
import Testing

/// The report listener must still bind under the hardened unit: none of the
/// settings that could stop a loopback listen is set against it. (systemd is not
/// PID 1 here, so the unit cannot be started; its text is what there is to check.)
struct SystemdReportListenerTests {
    static func settings() throws -> [(key: String, value: String)] {
        let text = try String(contentsOf: SystemdUnitTests.root.appendingPathComponent("systemd/broadcastd.service"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            return (String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...]))
        }
    }

    @Test func inetSocketsStayAllowed() throws {
        let families = try Self.settings().filter { $0.key == "RestrictAddressFamilies" }.map(\.value)
        let allowed = Set(families.last?.split(separator: " ").map(String.init) ?? [])
        #expect(families.last?.hasPrefix("~") == false)
        #expect(allowed.isSuperset(of: ["AF_INET", "AF_INET6"]))
    }

    @Test func nothingDeniesBindingOrLoopbackTraffic() throws {
        let keys = Set(try Self.settings().map(\.key))
        #expect(keys.isDisjoint(with: ["SocketBindDeny", "SocketBindAllow", "IPAddressDeny", "PrivateNetwork"]))
    }

    /// Binding a port needs no capability as long as it is above 1023.
    @Test func noCapabilityIsNeededOrGiven() throws {
        let settings = try Self.settings()
        #expect(settings.first { $0.key == "CapabilityBoundingSet" }?.value == "")
        #expect(settings.first { $0.key == "AmbientCapabilities" }?.value == "")
    }
}
