extension EnqueueBenchmark {
    /// Which synthetic people have been leased, one bit each (1.2 MiB for ten
    /// million), so the province benchmark can prove that each person got
    /// exactly one lease without holding millions of strings. A synthetic number
    /// is `+8617` and nine digits: the digits are the person's index.
    struct PersonLedger {
        private var bits: [UInt64]
        let people: Int
        /// People leased at least once.
        private(set) var leased = 0
        /// Leases of someone leased before.
        private(set) var repeats = 0
        /// Leases of a number that is no synthetic person's.
        private(set) var strangers = 0

        init(people: Int) {
            self.people = people
            bits = Array(repeating: 0, count: (people + 63) / 64)
        }

        mutating func lease(_ recipient: String) {
            guard let person = Self.person(recipient), person < people else {
                strangers += 1
                return
            }
            let mask: UInt64 = 1 << UInt64(person % 64)
            if bits[person / 64] & mask != 0 {
                repeats += 1
            } else {
                bits[person / 64] |= mask
                leased += 1
            }
        }

        private static let prefix = Array("+8617".utf8)

        /// The index in `+8617dddddddddd`'s last nine digits, or nil for any other number.
        static func person(_ recipient: String) -> Int? {
            var utf8 = recipient.utf8.makeIterator()
            for expected in prefix {
                guard utf8.next() == expected else { return nil }
            }
            var index = 0
            var digits = 0
            while let byte = utf8.next() {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 9 else { return nil }
                index = index * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
            return digits == 9 ? index : nil
        }
    }
}
