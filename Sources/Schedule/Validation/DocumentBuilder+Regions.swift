import LineLanguage

extension DocumentBuilder {
    mutating func buildRegions(_ statements: [Statement]) -> [Region] {
        var regions: [Region] = []
        var declared: [RegionPath: SourceLocation] = [:]
        let allDeclarations = statements.reduce(into: [RegionPath: SourceLocation]()) { result, statement in
            if case .region(let path, _) = statement.head, result[path.value] == nil {
                result[path.value] = path.location
            }
        }
        for statement in statements {
            guard case .region(let path, let displayName) = statement.head else { continue }
            if let earlier = declared[path.value] {
                bag.error("region '\(path.value)' is declared twice", at: path.location,
                          hint: "the first is at \(earlier)")
                continue
            }
            if let parent = path.value.parent, declared[parent] == nil {
                let hint = allDeclarations[parent].map { "move 'region \(parent)' (at \($0)) above this one" }
                    ?? "declare 'region \(parent)' before it"
                bag.error("parent region '\(parent)' is not declared before '\(path.value)'", at: path.location, hint: hint)
            }
            declared[path.value] = path.location
            regions.append(region(statement, path: path.value, displayName: displayName))
        }
        return regions
    }

    private mutating func region(_ statement: Statement, path: RegionPath, displayName: String?) -> Region {
        let properties = firstOfEach(statement.properties, repeatable: ["webhook", "set"])
        var recipients: RecipientList?
        if let property = properties["sms"], case .recipients(let file, let gateway) = property.value {
            recipients = RecipientList(path: file.value,
                                       resolvedPath: ScheduleLoader.resolve(file.value, relativeTo: file.location.file),
                                       gateway: gateway?.value, location: property.location)
            if let gateway {
                references.append(NameReference(kind: .gateway, name: gateway.value, location: gateway.location))
            }
        }
        var webhooks: [String] = []
        for property in statement.properties {
            guard case .endpoints(let names) = property.value else { continue }
            for name in names where !webhooks.contains(name.value) {
                webhooks.append(name.value)
                references.append(NameReference(kind: .endpoint, name: name.value, location: name.location))
            }
        }
        var people: Int?
        if case .people(let count)? = properties["people"]?.value { people = count.value }
        return Region(path: path, displayName: displayName ?? path.components.last ?? path.description, sms: recipients,
                      webhooks: webhooks, variables: variables(statement.properties), people: people,
                      location: statement.location)
    }
}
