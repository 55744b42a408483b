/// "Did you mean" support: the closest candidate by edit distance, if it is close enough
/// to be a plausible misspelling.
///
/// The work is bounded whatever the input: candidates whose length alone puts them out of reach
/// are skipped, each distance stops as soon as it must exceed the limit, and the whole search
/// stops after ``workLimit`` cells of the distance tables, keeping the best found so far.
public enum Suggestion {
    /// Edit-distance cells one search may compute (a few milliseconds).
    public static let workLimit = 2_000_000

    /// Returns the candidate nearest to `word`, or nil when none is within
    /// `max(1, word.count / 3)` edits (a typo, not a different word), or the one candidate
    /// that `word` abbreviates.
    public static func closest<S: Sequence>(to word: String, among candidates: S) -> String?
    where S.Element == String {
        search(word, among: candidates).suggestion
    }

    /// ``closest(to:among:)`` with the number of cells computed, so tests can hold the work bound.
    public static func search<S: Sequence>(_ word: String, among candidates: S) -> (suggestion: String?, work: Int)
    where S.Element == String {
        let candidates = Array(candidates)
        // An abbreviation of exactly one candidate (`--conv` for `--convention`) is a match too.
        if word.count >= 3 {
            let prefixed = candidates.filter { $0.count > word.count && $0.hasPrefix(word) }
            if prefixed.count == 1 { return (prefixed[0], 0) }
        }
        let target = Array(word.lowercased())
        let limit = max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        var work = 0
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            guard abs(other.count - target.count) <= limit else { continue }
            guard work < workLimit else { break }
            let (d, cells) = boundedDistance(target, other, limit: limit)
            work += cells
            guard let d else { continue }
            if let current = best, current.distance < d || (current.distance == d && current.name <= candidate) {
                continue
            }
            best = (candidate, d)
        }
        return (best?.name, work)
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        return boundedDistance(x, y, limit: max(x.count, y.count)).distance ?? max(x.count, y.count)
    }

    /// The distance if it is at most `limit` (nil otherwise), stopping as soon as a whole row of
    /// the table exceeds the limit, since no later row can come back under it.
    static func boundedDistance(_ x: [Character], _ y: [Character], limit: Int) -> (distance: Int?, cells: Int) {
        if x.isEmpty { return (y.count <= limit ? y.count : nil, 0) }
        if y.isEmpty { return (x.count <= limit ? x.count : nil, 0) }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        var cells = 0
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            cells += y.count
            if rowMinimum > limit { return (nil, cells) }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let d = previous[y.count]
        return (d <= limit ? d : nil, cells)
    }
}
