import TissueIR
import TissueNumerics

/// A baseline and its stacked or compressed version side by side, aligned along the data path.
///
/// Both are cut into their top-level statements (items sharing the first path component: a
/// block call, a stacked layer, a layer). Statements that compute the same thing (equal
/// fingerprints: operations, shapes and counts) are matched in order by a longest common
/// subsequence and drawn on one row; what lies between two matches is a replaced block, drawn
/// on one row of its own (or one row per statement when both sides have as many), highlighted,
/// with what the candidate saves. Shares on both sides are of the baseline's total, so the
/// colours and percentages compare directly.
public struct DiagramComparison: Sendable {
    public var baseline: Diagram
    public var candidate: Diagram
    /// The candidate's own total (its diagram's shares are of the baseline's).
    var candidateTotal: Int
    /// Rows of top-level statements, as ranges of each side's statements.
    var rows: [Row]
    var baseStatements: [[DiagramItem]]
    var candidateStatements: [[DiagramItem]]

    struct Row: Equatable {
        var base: Range<Int>
        var candidate: Range<Int>
        var changed: Bool
    }

    public init(baseline: Diagram, candidate: Diagram) {
        self.baseline = baseline
        candidateTotal = candidate.total
        var candidate = candidate
        candidate.total = baseline.total
        self.candidate = candidate
        baseStatements = Self.statements(baseline)
        candidateStatements = Self.statements(candidate)
        rows = Self.align(baseStatements.map(Self.fingerprint), candidateStatements.map(Self.fingerprint))
    }

    /// Top-level items grouped by the first component of their first box's path; a diagram
    /// without a series-parallel layout is one statement (drawn whole).
    static func statements(_ diagram: Diagram) -> [[DiagramItem]] {
        guard case .regions(let items) = diagram.content else { return [[]] }
        var groups: [(key: String, items: [DiagramItem])] = []
        for item in items {
            let key = item.boxes.first.map { String($0.path.split(separator: "/").first ?? "") } ?? ""
            if let last = groups.last, last.key == key {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append((key, [item]))
            }
        }
        return groups.map(\.items)
    }

    static func fingerprint(_ items: [DiagramItem]) -> String {
        items.flatMap(\.boxes).map(\.fingerprint).joined(separator: "; ")
    }

    /// Matches by longest common subsequence; between matches, one row per statement when both
    /// sides have as many, else one row for the whole replaced stretch.
    static func align(_ base: [String], _ candidate: [String]) -> [Row] {
        let n = base.count, m = candidate.count
        var length = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                length[i][j] = base[i] == candidate[j] ? length[i + 1][j + 1] + 1 : max(length[i + 1][j], length[i][j + 1])
            }
        }
        var rows: [Row] = []
        var i = 0, j = 0, gapI = 0, gapJ = 0
        func flushGap() {
            let b = gapI..<i, c = gapJ..<j
            if b.count == c.count {
                for k in 0..<b.count {
                    rows.append(Row(base: (b.lowerBound + k)..<(b.lowerBound + k + 1),
                                    candidate: (c.lowerBound + k)..<(c.lowerBound + k + 1), changed: true))
                }
            } else {
                rows.append(Row(base: b, candidate: c, changed: true))
            }
        }
        while i < n || j < m {
            if i < n, j < m, base[i] == candidate[j] {
                flushGap()
                rows.append(Row(base: i..<(i + 1), candidate: j..<(j + 1), changed: false))
                i += 1
                j += 1
                gapI = i
                gapJ = j
            } else if j >= m || (i < n && length[i + 1][j] >= length[i][j + 1]) {
                i += 1
            } else {
                j += 1
            }
        }
        flushGap()
        return rows
    }

    /// The costs of a range of statements.
    static func cost(_ statements: [[DiagramItem]], _ range: Range<Int>) -> Cost {
        statements[range].flatMap { $0 }.reduce(Cost.zero) { (try? $0.adding($1.cost)) ?? $0 }
    }

    /// What the candidate saves on a row: the chosen cost, then params (or MACs when the chosen
    /// cost is params), each as `MACs 113.2M → 1.769M (−98.4%)`.
    func savings(_ row: Row) -> [String] {
        let before = Self.cost(baseStatements, row.base), after = Self.cost(candidateStatements, row.candidate)
        let metrics = baseline.metric == .params ? [DiagramMetric.params, .macs] : [baseline.metric, .params]
        return metrics.map { metric in
            let b = metric.value(before), a = metric.value(after)
            let change = b > 0 ? " (" + (a <= b ? "−" : "+") + NumberFormat.percent(abs(b - a), of: b) + ")" : ""
            return "\(metric.title) \(NumberFormat.si(b)) → \(NumberFormat.si(a))" + change
        }
    }
}
