import Schedule

/// The part of `broadcastctl plan` under the total that explains the gap
/// between recipients and people: per set of lists that overlap, the messages
/// sending to it and each region's duplicates; then the messages whose people
/// were too many to count.
///
///     One copy per person: a number on several lists of one occurrence goes out once, from the deepest region.
///       launch, chuxi, answer-96110 and 4 more: 4,500 recipients to 4,200 people an occurrence
///         jiangxi/nanchang  40 of 400 recipients are duplicates
enum PlanOverlapReport {
    /// Regions listed per set of lists before `and N more`.
    static let listedRegions = 10
    /// Messages named per set of lists before `and N more`.
    static let listedMessages = 3

    static func write(_ plan: Plan, matching filter: PlanFilter, people: PlanPeople, messages: Set<Int>,
                      to output: inout some TextOutputStream) {
        guard filter.includes(.sms) else { return }
        let regionMask = filter.regionMask(in: plan.tree)
        var groups: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        for message in messages.sorted() {
            guard let lists = plan.smsLists(of: plan.messages[message]), let reach = people.reach(ofMessage: message),
                  reach.counts(regionMask: regionMask).duplicates > 0 else { continue }
            if groups[lists] == nil { order.append(lists) }
            groups[lists, default: []].append(message)
        }
        if !order.isEmpty {
            output.write("\nOne copy per person: a number on several lists of one occurrence goes out once, from the deepest region.\n")
        }
        for lists in order {
            guard let members = groups[lists], let reach = people.reach(ofMessage: members[0]) else { continue }
            writeGroup(plan, members: members, lists: lists, reach: reach, regionMask: regionMask, to: &output)
        }
        let uncounted = people.uncounted.filter { messages.contains($0.message) }
        for (message, positions) in uncounted {
            output.write("People not counted for \(plan.messages[message].message.name): \(Figures.counted(positions, "recipient")) "
                         + "an occurrence, over the \(Figures.grouped(people.limit)) counted (8 bytes each); "
                         + "its figures are list positions\n")
        }
    }

    private static func writeGroup(_ plan: Plan, members: [Int], lists: [Int], reach: ReachCount, regionMask: [Bool]?,
                                   to output: inout some TextOutputStream) {
        let names = members.prefix(listedMessages).map { plan.messages[$0].message.name }.joined(separator: ", ")
            + (members.count > listedMessages ? " and \(members.count - listedMessages) more" : "")
        let counts = reach.counts(regionMask: regionMask)
        let unknown = lists.count { (regionMask?[$0] ?? true) && plan.recipientTallies[$0] == nil }
        output.write("  \(names): \(Figures.delivered(counts.people + counts.duplicates, on: .sms, unknownRecipientLists: unknown))"
                     + Figures.toPeople(counts.people, unknownRecipientLists: unknown) + " an occurrence\n")
        let duplicated = lists.filter { (regionMask?[$0] ?? true) && reach.duplicates[$0, default: 0] > 0 }
        let shown = duplicated.prefix(listedRegions)
        let width = shown.map { plan.tree.regions[$0].path.description.utf8.count }.max() ?? 0
        for region in shown {
            let duplicates = reach.duplicates[region, default: 0]
            let positions = duplicates + reach.people[region, default: 0]
            output.write("    " + PlanTextReport.padded(plan.tree.regions[region].path.description, to: width)
                         + "  \(Figures.grouped(duplicates)) of \(Figures.counted(positions, "recipient")) "
                         + "\(duplicates == 1 ? "is a duplicate" : "are duplicates")\n")
        }
        let rest = duplicated.dropFirst(listedRegions)
        if !rest.isEmpty {
            let duplicates = rest.reduce(0) { $0 + reach.duplicates[$1, default: 0] }
            output.write("    and \(Figures.counted(rest.count, "more region")) with \(Figures.counted(duplicates, "duplicate"))\n")
        }
    }
}
