/// A broadcast a lease reads fresh recipients from, as every backend loads it:
/// where its list stands (`token`), the reach it claims numbers in, and the
/// identity of the list file it started reading. The backends' own type, not the seam's.
package struct ListFeed: Sendable {
    package var id: Int64
    package var key: BroadcastKey
    package var destination: String
    package var text: String
    package var dueAt: Int64
    package var list: String
    package var token: Int64
    package var reach: Int64?
    package var identity: String?

    package init(id: Int64, key: BroadcastKey, destination: String, text: String, dueAt: Int64, list: String, token: Int64,
                 reach: Int64?, identity: String?) {
        self.id = id
        self.key = key
        self.destination = destination
        self.text = text
        self.dueAt = dueAt
        self.list = list
        self.token = token
        self.reach = reach
        self.identity = identity
    }
}
