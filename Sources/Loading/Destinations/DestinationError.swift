import Delivery

/// A gateway or endpoint whose settings the dialect refuses. The description
/// names the block and the setting, never a value: values may hold secrets.
public struct DestinationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable {
        /// The dialect's own complaint; `DialectError` descriptions carry no values.
        case dialect(DialectError)
        /// A template built from a secret has braces the dialect cannot read; the
        /// placeholder is not named because its text came from the secret.
        case bracesInSecret(setting: String)
        /// A template uses `{from}` and the gateway has no `from`.
        case missingFrom(setting: String)
        /// `json` is not an object of string values, the only shape `http-json` sends.
        case jsonBodyShape(String)
    }

    public var kind: Destination.Kind
    public var name: String
    public var problem: Problem

    init(kind: Destination.Kind, name: String, problem: Problem) {
        self.kind = kind
        self.name = name
        self.problem = problem
    }

    public var description: String {
        let subject = "\(kind.rawValue) '\(name)'"
        switch problem {
        case .dialect(let error):
            return "\(subject): \(error)"
        case .bracesInSecret(let setting):
            return "\(subject): \(setting) holds a secret with braces in it; write literal braces as {{ and }}"
        case .missingFrom(let setting):
            return "\(subject): \(setting) uses {from} but the gateway has no 'from'; add an indented line 'from 96110'"
        case .jsonBodyShape(let why):
            return "\(subject): json \(why); http-json sends an object whose values are strings, e.g. {\"to\":\"{to}\",\"text\":\"{text}\"}"
        }
    }
}
