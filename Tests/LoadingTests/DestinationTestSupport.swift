import DaemonConfig
import Delivery
import Foundation
import Testing

/// A config loaded from text with its secrets in a temporary `$CREDENTIALS_DIRECTORY`.
struct DestinationFixture {
    static let message = OutgoingMessage(
        deliveryID: "d-42", campaignName: "chunfeng-2021", campaignTitle: "春风行动", messageName: "launch",
        occurrence: 1_615_770_000, utcOffset: 8 * 3600, regionPath: "jiangxi/nanchang", regionName: "南昌市",
        channel: "sms", text: "【江西公安】谨防电信诈骗", recipient: "+8613800000001")
    static let now = 1_615_770_001.5

    let folder: String

    init(secrets: [String: String]) throws {
        folder = NSTemporaryDirectory() + "destination-tests-" + UUID().uuidString
        let credentials = folder + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        for (name, value) in secrets {
            let path = credentials + "/" + name
            try Data(value.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// `blocks` follow a minimal header (schedule and state).
    func load(_ blocks: String) throws -> DaemonConfiguration {
        let text = "schedule campaign.schedule\nstate state\n" + blocks
        let result = DaemonConfigLoader.load(text: text, directory: folder,
                                             environment: ["CREDENTIALS_DIRECTORY": folder + "/credentials"])
        return try #require(result.configuration, "\(result.rendered())")
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
