/// "Did you mean …?" for misspelt names: the closest candidate by edit
/// distance, when it is close enough to be a plausible typo.
public enum Suggestion {
    /// Words longer than this get no suggestion: the quadratic distance is not worth it.
    static let longestWord = 64

    /// Levenshtein distance over Unicode scalars (insert, delete, substitute).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a.unicodeScalars)
        let right = Array(b.unicodeScalars)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = Array(repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    /// The candidate nearest to `word`, if within a third of its length (at least 1, at most 4).
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let length = word.unicodeScalars.count
        guard length > 0, length <= longestWord else { return nil }
        let allowed = min(4, max(1, length / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let candidateLength = candidate.unicodeScalars.count
            guard abs(candidateLength - length) <= allowed, candidateLength <= longestWord else { continue }
            let distance = candidate.lowercased() == word.lowercased() ? 0 : editDistance(word, candidate)
            if distance <= allowed && distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// `did you mean 'weekly-tip'?`, or nil when nothing is close.
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String? {
        closest(to: word, among: candidates).map { "did you mean '\($0)'?" }
    }
}
