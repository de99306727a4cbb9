import Foundation

extension EnqueueBenchmark {
    /// The lists of one province-wide broadcast, shaped like Jiangxi's: a province,
    /// its cities and their counties, each region with its own list, overlapping
    /// the way exported lists do.
    ///
    /// Every synthetic person has one number (`17` and nine digits, their index)
    /// and lives in one city; city `c` holds a contiguous range of numbers, as a
    /// mobile number's HLR segment belongs to one city. Within a city a person
    /// lives either in the city seat (`seatShare`) or in one of its counties,
    /// drawn by hash, so a county's numbers are spread over its city's range and
    /// its claims land between its neighbours'. Then:
    /// - a county list holds its people;
    /// - a city list holds its seat's people (on no county list) and an
    ///   `overlap` share of its counties' people, drawn independently;
    /// - the province list holds an `overlap` share of everyone.
    /// So every person is on at least one list, and the positions beyond one per
    /// person are the duplicates the reach must pass over. Each list is in number
    /// order; membership is a pure function of the index, so the lists are
    /// written in one streaming pass.
    public struct ProvinceShape: Sendable, Equatable {
        public var cities: Int
        public var counties: Int
        /// Share of each county's people also on their city's list, and of everyone on the province list.
        public var overlap: Double
        /// Share of each city's people who live in its seat (on its city's list only).
        public var seatShare: Double

        public init(cities: Int = 11, counties: Int = 100, overlap: Double = 0.2, seatShare: Double = 0.1) {
            precondition(cities >= 1 && counties >= cities, "every city has at least one county")
            precondition((0...1).contains(overlap) && (0..<1).contains(seatShare), "shares are fractions")
            self.cities = cities
            self.counties = counties
            self.overlap = overlap
            self.seatShare = seatShare
        }

        public var listCount: Int { 1 + cities + counties }

        /// List positions per person, on average.
        var positionsPerPerson: Double { 1 + (1 - seatShare) * overlap + overlap }

        /// How many people make about `positions` list positions in all.
        public func people(forPositions positions: Int) -> Int {
            max(1, Int((Double(positions) / positionsPerPerson).rounded()))
        }

        /// One region's list as written.
        public struct List: Sendable, Equatable {
            /// `jiangxi`, `jiangxi/c03`, `jiangxi/c03/k027`.
            public var region: String
            /// The region's depth, as the daemon ranks it: province 1, city 2, county 3.
            public var rank: Int
            public var path: String
            public var positions: Int
        }

        /// Writes the lists of `people` people into `folder`, deepest first; returns them.
        func writeLists(people: Int, folder: String) throws -> [List] {
            precondition(people <= 1_000_000_000, "nine digits after the prefix")
            var lists = (0..<counties).map { county in
                List(region: "jiangxi/c\(twoDigits(cityOf(county: county)))/k\(threeDigits(county))", rank: 3,
                     path: "\(folder)/county-\(threeDigits(county)).txt", positions: 0)
            }
            lists += (0..<cities).map { city in
                List(region: "jiangxi/c\(twoDigits(city))", rank: 2, path: "\(folder)/city-\(twoDigits(city)).txt",
                     positions: 0)
            }
            lists.append(List(region: "jiangxi", rank: 1, path: "\(folder)/province.txt", positions: 0))
            let writers = try lists.map { try ListWriter(path: $0.path) }
            var line = Array("17000000000\n".utf8)
            for person in 0..<people {
                var rest = person
                for position in stride(from: 10, through: 2, by: -1) {
                    line[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                for list in memberships(of: person, people: people) {
                    try writers[list].append(line)
                    lists[list].positions += 1
                }
            }
            for writer in writers { try writer.close() }
            return lists
        }

        /// Indices into the lists `writeLists` makes: counties, then cities, then the province.
        func memberships(of person: Int, people: Int) -> [Int] {
            let city = person * cities / people
            var lists: [Int] = []
            if Self.unit(person, salt: 1) < seatShare {
                lists.append(counties + city)
            } else {
                let first = firstCounty(of: city)
                let count = firstCounty(of: city + 1) - first
                lists.append(first + Int(Self.hash(person, salt: 2) % UInt64(count)))
                if Self.unit(person, salt: 3) < overlap { lists.append(counties + city) }
            }
            if Self.unit(person, salt: 4) < overlap { lists.append(counties + cities) }
            return lists
        }

        /// Counties are dealt to cities in contiguous runs, as evenly as they go.
        private func firstCounty(of city: Int) -> Int { city * counties / cities }

        private func cityOf(county: Int) -> Int { (0..<cities).last { firstCounty(of: $0) <= county } ?? 0 }

        private func twoDigits(_ value: Int) -> String { String(format: "%02d", value) }
        private func threeDigits(_ value: Int) -> String { String(format: "%03d", value) }

        /// splitmix64 of the person and a salt: independent draws per purpose.
        static func hash(_ person: Int, salt: UInt64) -> UInt64 {
            var z = UInt64(truncatingIfNeeded: person) &+ salt &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        static func unit(_ person: Int, salt: UInt64) -> Double {
            Double(hash(person, salt: salt) >> 11) / Double(1 << 53)
        }
    }
}

/// A buffered, streaming writer of one list file: a province's 112 lists are
/// written side by side, so each keeps only a small buffer.
private final class ListWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushAt = 16 << 10

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw EnqueueBenchmark.Failure(description: "cannot write the synthetic phone list '\(path)'")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushAt + 16)
    }

    func append(_ line: [UInt8]) throws {
        buffer += line
        if buffer.count >= Self.flushAt {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func close() throws {
        try handle.write(contentsOf: buffer)
        try handle.close()
    }
}
