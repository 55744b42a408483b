import TissueIR
import TissueNumerics

extension DiagramComparison {
    /// The comparison on its page: the shared header, a column per network (each on its own
    /// axis), the savings column, and a highlighted band behind every replaced row.
    struct Page {
        var page: DiagramPage
        /// Indices into `page.body.boxes` of the boxes of replaced rows.
        var highlighted: Set<Int>
        var bands: [ChartBox]
        var headings: [(text: String, box: ChartBox)]
        var savings: [(lines: [String], box: ChartBox)]
    }

    static let columnGap = 40.0, headingSize = 12.0, savingsSize = 10.5, savingsLine = 15.0

    var scale: DiagramColorScale {
        DiagramColorScale(metric: baseline.metric,
                          largest: max(DiagramColorScale.largest(in: baseline), DiagramColorScale.largest(in: candidate)),
                          total: baseline.total)
    }

    func page() -> Page {
        let sides = [(baseline, baseStatements, \Row.base), (candidate, candidateStatements, \Row.candidate)]
        // Each row's drawing of each side, or nil where that side has nothing.
        let parts: [[DiagramLayout?]] = sides.map { diagram, statements, range in
            let layouter = DiagramLayouter(diagram: diagram)
            return rows.map { row -> DiagramLayout? in
                guard !row[keyPath: range].isEmpty else { return nil }
                guard case .regions = diagram.content else { return layouter.body() }
                return layouter.sequence(statements[row[keyPath: range]].flatMap { $0 }, compact: false)
            }
        }
        let headings = ["baseline: \(baseline.model)", "candidate: \(candidate.model)"]
        let axes = parts.map { side in side.compactMap { $0?.exit }.max() ?? 0 }
        let widths = parts.indices.map { s in
            max(axes[s] + (parts[s].compactMap { $0.map { $0.width - $0.exit } }.max() ?? 0),
                DiagramStyle.boldWidth(headings[s], size: Self.headingSize))
        }
        let origins = [0, widths[0] + Self.columnGap]
        let savingsX = origins[1] + widths[1] + Self.columnGap
        let savings = rows.map { $0.changed ? self.savings($0) : [] }
        let savingsWidth = savings.flatMap { $0 }.map { ChartStyle.textWidth($0, size: Self.savingsSize) }.max() ?? 0

        var body = DiagramLayout()
        body.width = savingsX + savingsWidth
        var result = Page(page: DiagramPage(title: "", caption: "", scale: scale, body: DiagramLayout()),
                          highlighted: [], bands: [], headings: [], savings: [])
        for s in 0..<2 {
            result.headings.append((headings[s], ChartBox(x: origins[s], y: 0, width: widths[s], height: 16)))
        }
        var y = 30.0
        var exits = [(x: Double, y: Double)?](repeating: nil, count: 2)
        for (r, row) in rows.enumerated() {
            var height = row.changed ? Double(savings[r].count) * Self.savingsLine : 0
            for s in 0..<2 {
                guard let part = parts[s][r] else { continue }
                let dx = origins[s] + axes[s] - part.exit
                if let exit = exits[s] {
                    let entries = part.entries.map { DiagramLayout.Entry(x: $0.x + dx, arrow: $0.arrow) }
                    body.edges += DiagramLayouter.fork(from: exit.x, top: exit.y, to: entries, bottom: y)
                }
                if row.changed {
                    result.highlighted.formUnion(body.boxes.count..<(body.boxes.count + part.boxes.count))
                }
                body.add(part, dx: dx, dy: y)
                exits[s] = (origins[s] + axes[s], y + part.height)
                height = max(height, part.height)
            }
            if row.changed {
                result.bands.append(ChartBox(x: -8, y: y - 7, width: body.width + 16, height: height + 14))
                result.savings.append((savings[r], ChartBox(x: savingsX, y: y, width: savingsWidth,
                                                             height: Double(savings[r].count) * Self.savingsLine)))
            }
            y += height + DiagramStyle.rowGap
        }
        body.height = y - DiagramStyle.rowGap
        let before = baseline.total, after = candidateTotal
        let caption = "\(baseline.convention.rawValue) convention · \(baseline.metric.title): baseline \(NumberFormat.si(before)), "
            + "candidate \(NumberFormat.si(after))" + (before > 0 ? " (\(NumberFormat.percent(after, of: before)) of the baseline)" : "")
        result.page = DiagramPage(title: "\(baseline.model) vs \(candidate.model)", caption: caption, scale: scale,
                                  body: body, legendTitle: "share of the baseline's \(baseline.metric.title):")
        // Move the comparison's own marks as the page moved the body.
        let offset = result.page.offset
        let move = { (box: ChartBox) in ChartBox(x: box.x + offset.x, y: box.y + offset.y, width: box.width, height: box.height) }
        result.bands = result.bands.map(move)
        result.headings = result.headings.map { ($0.text, move($0.box)) }
        result.savings = result.savings.map { ($0.lines, move($0.box)) }
        return result
    }
}
