import Foundation
import LineLanguage

/// `ca-file PATH`: read when the config is, so a file curl could not load is
/// reported at its line by `check` instead of failing every TLS handshake later
/// as an unexplained `tls`.
enum CAFileSyntax {
    /// What is wrong with the file at `path`, as a diagnostic at `token`; nil when it holds a PEM certificate.
    static func check(_ path: String, at token: Token) -> Diagnostic? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .error("ca-file '\(path)' does not exist", at: token.location,
                          hint: "write the path of the gateway's CA certificate (PEM); relative paths start at the config's folder")
        }
        if isDirectory.boolValue {
            return .error("ca-file '\(path)' is not a file", at: token.location,
                          hint: "name the PEM file itself, not its folder")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .error("ca-file '\(path)' cannot be read", at: token.location,
                          hint: "check that the daemon's user may read it (a CA certificate is not secret: chmod 644)")
        }
        guard certificateCount(in: data) > 0 else {
            return .error("ca-file '\(path)' holds no PEM certificate", at: token.location,
                          hint: "it needs '-----BEGIN CERTIFICATE-----' blocks; convert a DER file with "
                              + "'openssl x509 -inform der -in ca.cer -out ca.pem'")
        }
        return nil
    }

    /// PEM certificate blocks whose base64 decodes to a DER sequence, as OpenSSL's loader reads them.
    static func certificateCount(in data: Data) -> Int {
        guard data.count <= 4 << 20, let text = String(data: data, encoding: .utf8) else { return 0 }
        var count = 0
        var rest = Substring(text)
        while let begin = rest.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = rest[begin.upperBound...].range(of: "-----END CERTIFICATE-----") {
            let body = rest[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            if let der = Data(base64Encoded: String(body)), der.first == 0x30 { count += 1 }
            rest = rest[end.upperBound...]
        }
        return count
    }
}
