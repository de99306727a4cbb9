import LineLanguage
import Schedule
import Testing

/// `Region` keeps its fields in a shared box (one retain per copy); it must
/// still behave as the plain struct it replaced.
struct RegionValueTests {
    private static func region(_ path: String, webhooks: [String] = []) -> Region {
        Region(path: RegionPath(path), displayName: "东湖区",
               sms: RecipientList(path: "donghu.txt", resolvedPath: "/lists/donghu.txt", gateway: nil,
                                  location: SourceLocation(file: "regions.sched", line: 3, column: 5)),
               webhooks: webhooks, variables: ["station": "东湖分局"], people: 500_000,
               location: SourceLocation(file: "regions.sched", line: 2, column: 1))
    }

    @Test func settingAFieldOfACopyLeavesTheOriginalAlone() {
        let original = Self.region("jiangxi/nanchang/donghu")
        var copy = original
        copy.webhooks.append("ops")
        copy.variables["station"] = "南昌市公安局"
        copy.sms = nil
        copy.people = nil
        #expect(original.webhooks.isEmpty && original.variables == ["station": "东湖分局"])
        #expect(original.sms?.resolvedPath == "/lists/donghu.txt" && original.people == 500_000)
        #expect(copy.webhooks == ["ops"] && copy.variables == ["station": "南昌市公安局"] && copy.sms == nil)
        #expect(copy != original)
    }

    @Test func regionsMadeApartAreEqualAndHashAlikeWhenTheirFieldsAre() {
        let one = Self.region("jiangxi/nanchang/donghu", webhooks: ["ops"])
        var other = Self.region("jiangxi/nanchang/donghu")
        #expect(one != other)
        other.webhooks = ["ops"]
        #expect(one == other && one.hashValue == other.hashValue)
        #expect(Set([one, other]).count == 1)
        other.path = RegionPath("jiangxi/nanchang/xihu")
        #expect(one != other && other.path.description == "jiangxi/nanchang/xihu")
    }
}
