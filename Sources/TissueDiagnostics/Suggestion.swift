/// "Did you mean" support: the closest candidate by edit distance, if it is close enough
/// to be a plausible misspelling.
public enum Suggestion {
    /// Returns the candidate nearest to `word`, or nil when none is within
    /// `max(1, word.count / 3)` edits (a typo, not a different word), or the one candidate
    /// that `word` abbreviates.
    public static func closest<S: Sequence>(to word: String, among candidates: S) -> String?
    where S.Element == String {
        let candidates = Array(candidates)
        // An abbreviation of exactly one candidate (`--conv` for `--convention`) is a match too.
        let prefixed = candidates.filter { $0.count > word.count && $0.hasPrefix(word) && word.count >= 3 }
        if prefixed.count == 1 { return prefixed[0] }
        let limit = max(1, word.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = editDistance(word.lowercased(), candidate.lowercased())
            guard d <= limit else { continue }
            if let current = best, current.distance < d || (current.distance == d && current.name <= candidate) {
                continue
            }
            best = (candidate, d)
        }
        return best?.name
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }
}
