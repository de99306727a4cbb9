import Plan
import Schedule

/// The people of a campaign's lists who are on its `optout` file: the outbox
/// skips them at lease, as opted out. Read as the daemon reads the file
/// (`PhoneListReader`, the campaign's country); each list is read once and its
/// opted-out numbers counted, so memory is the opt-out list's numbers only.
/// The outbox's own opt-out table (replies, delivery reports) is not read.
struct RehearsalOptOuts {
    private var byList: [String: Int] = [:]

    init(campaign: Campaign, lists: [String]) {
        guard let file = campaign.optOutList,
              let reader = try? PhoneListReader(path: file.resolvedPath, country: campaign.country) else { return }
        var numbers: Set<String> = []
        while let entry = try? reader.next() {
            if case .number(let phone) = entry { numbers.insert(phone.e164) }
        }
        guard !numbers.isEmpty else { return }
        for list in Set(lists) {
            guard let listReader = try? PhoneListReader(path: list, country: campaign.country) else { continue }
            var seen: Set<String> = []
            while let entry = try? listReader.next() {
                if case .number(let phone) = entry, numbers.contains(phone.e164) { seen.insert(phone.e164) }
            }
            byList[list] = seen.count
        }
    }

    /// How many distinct numbers of the list at `path` are opted out.
    func count(inList path: String) -> Int { byList[path] ?? 0 }
}
