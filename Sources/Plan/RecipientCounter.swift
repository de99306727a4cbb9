import Schedule

/// Counts the recipients in recipient files: the numbers that normalise, and
/// the malformed lines that will not be sent. Files are read as a stream
/// (a province's list is millions of lines), each at most once per counter.
public struct RecipientCounter: Sendable {
    private struct Key: Hashable {
        var path: String
        var country: CallingCode
    }

    private var tallies: [Key: RecipientTally?] = [:]
    private var reads = true

    public init() {}

    /// A counter that opens no file: every list's count is unknown (nil).
    /// For callers that need a plan's names and times and not its numbers,
    /// such as `broadcastctl pause` at census scale, where counting the
    /// province's lists would read tens of millions of lines first.
    public static var uncounted: RecipientCounter {
        var counter = RecipientCounter()
        counter.reads = false
        return counter
    }

    /// The number of valid recipients in the file at `path`, or nil when it cannot be read.
    public mutating func count(atPath path: String, country: CallingCode = .china) -> Int? {
        tally(atPath: path, country: country)?.numbers
    }

    /// What the file at `path` holds, or nil when it cannot be read.
    public mutating func tally(atPath path: String, country: CallingCode = .china) -> RecipientTally? {
        guard reads else { return nil }
        let key = Key(path: path, country: country)
        if let known = tallies[key] { return known }
        let counted = try? RecipientTally(path: path, country: country)
        tallies[key] = counted
        return counted
    }
}

/// The numbers in one phone list and its malformed lines: how many, and the
/// first few with their positions (never their text).
public struct RecipientTally: Hashable, Sendable {
    /// How many malformed lines are kept with their positions.
    public static let keptMalformedLines = 5

    public var numbers = 0
    public var malformed = 0
    public var firstMalformed: [MalformedLine] = []

    public init(numbers: Int = 0, malformed: Int = 0, firstMalformed: [MalformedLine] = []) {
        self.numbers = numbers
        self.malformed = malformed
        self.firstMalformed = firstMalformed
    }

    public init(path: String, country: CallingCode) throws(PhoneListError) {
        let reader = try PhoneListReader(path: path, country: country)
        while let entry = try reader.next() {
            switch entry {
            case .number:
                numbers += 1
            case .malformed(let line):
                malformed += 1
                if firstMalformed.count < Self.keptMalformedLines { firstMalformed.append(line) }
            }
        }
    }
}
