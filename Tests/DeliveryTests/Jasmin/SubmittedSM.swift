import Foundation

/// One submit_sm as scripts/fake-smsc printed it: the bytes that reached the SMSC,
/// with the text decoded the way a handset would read them.
struct SubmittedSM: Decodable, Equatable, Sendable {
    var destination: String
    var source: String
    var dataCoding: Int
    var registeredDelivery: Int
    /// The short_message (or message_payload) as hex.
    var shortMessage: String
    /// The id the fake SMSC answered with, which comes back in its receipt.
    var messageID: String

    enum CodingKeys: String, CodingKey {
        case destination, source
        case dataCoding = "data_coding"
        case registeredDelivery = "registered_delivery"
        case shortMessage = "short_message"
        case messageID = "message_id"
    }

    init?(line: Substring) {
        guard line.contains(#""event": "submit_sm""#),
              let decoded = try? JSONDecoder().decode(Self.self, from: Data(line.utf8)) else { return nil }
        self = decoded
    }

    var bytes: [UInt8] {
        let digits = Array(shortMessage.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
        }
    }

    /// data_coding 8 is UCS-2 (UTF-16BE); 0 the GSM 03.38 default alphabet, one
    /// septet a byte (SMPP does not pack it); nil for anything else.
    var text: String? {
        switch dataCoding {
        case 8:
            let bytes = bytes
            return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) },
                          as: UTF16.self)
        case 0:
            var text = ""
            var escaped = false
            for septet in bytes {
                guard septet < 128 else { return nil }
                if escaped {
                    guard let character = Self.gsmExtension[septet] else { return nil }
                    text.append(character)
                    escaped = false
                } else if septet == 0x1B {
                    escaped = true
                } else {
                    text.append(Self.gsmBasic[Int(septet)])
                }
            }
            return text
        default:
            return nil
        }
    }

    /// GSM 03.38 in septet order, written out here (not taken from SMSText) so the
    /// test checks the gateway against the standard rather than against our own table.
    private static let gsmBasic = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    private static let gsmExtension: [UInt8: Character] = [
        0x0A: "\u{0C}", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|", 0x65: "€",
    ]
}
