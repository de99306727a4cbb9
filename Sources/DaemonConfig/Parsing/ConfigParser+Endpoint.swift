import Foundation
import LineLanguage

extension ConfigParser {
    static let endpointKeys: [PropertyKey] = destinationKeys + [PropertyKey("signing", repeatable: true), PropertyKey("secret")]

    static let endpointKeyKinds: [String: [EndpointKind]] = [
        "signing": [.webhook], "secret": EndpointKind.allCases.filter(\.takesSecret),
    ]

    mutating func parseEndpoint(_ scanner: inout LineScanner, keyword: Token, _ properties: [PropertyLine]) -> EndpointConfiguration? {
        let name = blockName(&scanner, keyword: keyword)
        let (kind, url): (EndpointKind?, SecretText?) = kindAndURL(properties, block: "endpoint", name: name, header: keyword)
        var endpoint = EndpointConfiguration(name: name?.text ?? "", kind: kind ?? .webhook, url: url ?? SecretText(plain: ""),
                                             location: keyword.location)
        for property in properties where applies(property, to: kind, allowed: Self.endpointKeyKinds, block: "endpoint") {
            if applyShared(property, to: &endpoint) { continue }
            guard let token = single(property, example: "secret:NAME") else { continue }
            let value = secretText(token)
            warnIfInline(value, property)
            if property.keyName == "secret" {
                endpoint.secret = value
            } else {
                checkSigningSecret(value, at: token.location)
                endpoint.signing.append(value)
            }
        }
        guard name != nil, kind != nil, url != nil else { return nil }
        return endpoint
    }

    /// Standard Webhooks secrets are `whsec_` and base64. The message names the
    /// secret's file, never its content.
    private mutating func checkSigningSecret(_ value: SecretText, at location: SourceLocation) {
        let text = value.revealed
        guard !text.isEmpty else { return }  // unresolved: already reported
        let key = text.hasPrefix("whsec_") ? String(text.dropFirst("whsec_".count)) : nil
        if let key, let decoded = Data(base64Encoded: key), !decoded.isEmpty { return }
        let what = value.secretNames.first.map { "the signing secret '\($0)'" } ?? "the signing secret"
        diagnostics.error("\(what) is not a Standard Webhooks secret", at: location,
                          hint: "expected 'whsec_' followed by base64, e.g. whsec_ plus the output of 'openssl rand -base64 32'")
    }
}
