import DaemonConfig
import Delivery

/// `http-json` and `http-form`: the config's fields, JSON body, headers and auth
/// become a `GenericHTTP`. `{from}` is the gateway's own `from`, the same for
/// every message, so it is filled in here; the dialect fills `{to}`, `{text}`, `{id}`.
extension DestinationFactory {
    static func genericDialect(_ gateway: GatewayConfiguration) throws(DestinationError) -> any Dialect {
        func failure(_ problem: DestinationError.Problem) -> DestinationError {
            DestinationError(kind: .gateway, name: gateway.name, problem: problem)
        }
        let encoding: GenericHTTP.Encoding
        let written: [(setting: String, name: String, value: String, isSecret: Bool)]
        switch gateway.kind {
        case .httpJSON:
            encoding = .json
            guard let json = gateway.json else { throw failure(.jsonBodyShape("is missing")) }
            let object: [(name: String, value: String)]
            do { object = try FlatJSONObject.parse(json.revealed) } catch { throw failure(.jsonBodyShape(error.description)) }
            written = object.map { ("json", $0.name, $0.value, json.containsSecret) }
        default:
            encoding = .form
            written = gateway.fields.map { ("field \($0.name)", $0.name, $0.value.revealed, $0.value.containsSecret) }
        }

        func template(setting: String, _ text: String, isSecret: Bool) throws(DestinationError) -> PlaceholderTemplate {
            let source = try substitutingFrom(text, setting: setting, gateway: gateway)
            do {
                return try PlaceholderTemplate(source, subject: setting)
            } catch {
                throw failure(isSecret ? .bracesInSecret(setting: setting) : .dialect(error))
            }
        }

        var fields: [(name: String, value: PlaceholderTemplate)] = []
        for field in written {
            fields.append((field.name, try template(setting: field.setting, field.value, isSecret: field.isSecret)))
        }
        var headers: [(name: String, value: PlaceholderTemplate)] = []
        for header in gateway.headers {
            headers.append((header.name, try template(setting: "header \(header.name)", header.value.revealed,
                                                      isSecret: header.value.containsSecret)))
        }
        let base = GenericHTTP(url: gateway.url.revealed, encoding: encoding,
                               authentication: authentication(gateway), fields: fields,
                               unsubscribeCodes: gateway.unsubscribeStatuses)
        return headers.isEmpty ? base : ConfiguredHeaders(base: base, headers: headers)
    }

    private static func authentication(_ gateway: GatewayConfiguration) -> GenericHTTP.Authentication {
        switch gateway.auth {
        case nil: return .none
        case .bearer(let token): return .bearer(token: token.revealed)
        case .basic: return .basic(username: gateway.username?.revealed ?? "", password: gateway.password?.revealed ?? "")
        }
    }

    /// `{from}` replaced by the gateway's sender id, braces in it doubled so the
    /// template reads them literally; `{{` and `}}` are left for the template.
    static func substitutingFrom(_ text: String, setting: String, gateway: GatewayConfiguration) throws(DestinationError) -> String {
        var out = ""
        var rest = Substring(text)
        while let char = rest.first {
            if (char == "{" || char == "}") && rest.dropFirst().first == char {
                out += String(repeating: char, count: 2)
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("{from}") {
                guard let from = gateway.from else {
                    throw DestinationError(kind: .gateway, name: gateway.name, problem: .missingFrom(setting: setting))
                }
                for scalar in from.revealed {
                    out.append(scalar)
                    if scalar == "{" || scalar == "}" { out.append(scalar) }
                }
                rest = rest.dropFirst(6)
            } else {
                out.append(char)
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
