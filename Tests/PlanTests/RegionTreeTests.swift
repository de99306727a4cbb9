import Plan
import Schedule
import Testing

struct RegionTreeTests {
    static let tree = RegionTree([
        Fixture.region("jiangxi", "江西省"),
        Fixture.region("jiangxi/nanchang", "南昌市"),
        Fixture.region("jiangxi/jiujiang", "九江市"),
        Fixture.region("jiangxi/nanchang/donghu", "东湖区"),
        Fixture.region("jiangxi/nanchang/xihu", "西湖区"),
        Fixture.region("jiangxi/jiujiang/lushan", "庐山市"),
        Fixture.region("guangdong", "广东省"),
    ])

    @Test(arguments: [
        (["jiangxi"], [String](), ["jiangxi"]),
        (["jiangxi/*"], [], ["jiangxi/nanchang", "jiangxi/jiujiang"]),
        (["jiangxi/**"], [], ["jiangxi/nanchang", "jiangxi/jiujiang", "jiangxi/nanchang/donghu", "jiangxi/nanchang/xihu",
                              "jiangxi/jiujiang/lushan"]),
        (["jiangxi", "jiangxi/**"], ["jiangxi/nanchang/**"],
         ["jiangxi", "jiangxi/nanchang", "jiangxi/jiujiang", "jiangxi/jiujiang/lushan"]),
        (["jiangxi/**"], ["jiangxi/*"], ["jiangxi/nanchang/donghu", "jiangxi/nanchang/xihu", "jiangxi/jiujiang/lushan"]),
        // Listed twice, in another order: each region once, in declaration order.
        (["jiangxi/nanchang/xihu", "jiangxi/nanchang/*", "jiangxi"], [],
         ["jiangxi", "jiangxi/nanchang/donghu", "jiangxi/nanchang/xihu"]),
        (["jiangxi/nanchang/*"], ["jiangxi/nanchang/donghu"], ["jiangxi/nanchang/xihu"]),
        (["jiangxi/nanchang/donghu/*", "hubei/**", "hubei"], [], []),
    ])
    func selectsEachRegionOnceInDeclarationOrder(include: [String], except: [String], expected: [String]) {
        let selected = Self.tree.select(Fixture.targets(include, except: except))
        #expect(selected.map { Self.tree.regions[$0].path.description } == expected)
    }

    @Test func matchesMarksOneSelector() {
        let marks = Self.tree.matches(Fixture.selector("jiangxi/nanchang/**"))
        #expect(marks == [false, false, false, true, true, false, false])
    }

    @Test func indexOfAPath() {
        #expect(Self.tree.index(of: RegionPath("jiangxi/jiujiang/lushan")) == 5)
        #expect(Self.tree.index(of: RegionPath("jiangxi/lushan")) == nil)
    }
}
