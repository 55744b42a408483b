import TissueMetrics

/// The charts a comparison table can draw.
public enum ComparisonChartKind: String, Sendable, CaseIterable {
    /// Accuracy against FLOPs, one colour per group, one marker per role.
    case accFlops = "acc-flops"
    /// Accuracy against parameters.
    case accParams = "acc-params"
    /// CE against SE, with the baseline's (1, 1) marked.
    case ceSe = "ce-se"
    /// Per-layer parameters and FLOPs of the baseline and candidates (needs `.arch` rows).
    case layers
    /// What each compression method keeps of the baseline (`tissue compress`).
    case kept
}

extension ComparisonTable {
    /// Marker and fill per role: baselines are squares, candidates filled circles, published
    /// methods hollow triangles, so the role reads without colour.
    static func style(_ role: ResultRole) -> (marker: ChartMarker, hollow: Bool, name: String) {
        switch role {
        case .baseline: (.square, false, "baseline")
        case .candidate: (.circle, false, "candidate")
        case .published: (.triangle, true, "published method")
        }
    }

    /// Accuracy (y) against FLOPs or params (x, in the table's unit): every row that has both.
    public func accuracyChart(_ resource: Measure) -> ScatterChart {
        let unit = resource == .flops ? flopsUnit : paramsUnit
        let name = resource.title
        var chart = ScatterChart(title: "Accuracy vs \(name)" + (title.map { ": " + $0 } ?? ""),
                                 x: ChartAxis((resource == .flops ? "FLOPs" : "Params") + unit.suffix, scale: .automatic),
                                 y: ChartAxis("Accuracy (%)"))
        var left: [String] = []
        forEachRow { groupIndex, group, row in
            guard let acc = row.figures.accuracy?.value, let value = row.figures[resource]?.value else {
                left.append(row.role == .baseline ? "\(group.title) baseline" : describe(row, in: group))
                return
            }
            let label = row.role == .baseline ? group.title : row.label
            return chart.add(ChartPoint(x: value / unit.factor, y: acc, label: label), group: groupIndex, role: row.role)
        }
        chart.legend = legend(chart)
        if !left.isEmpty {
            chart.notes.append("Not plotted (accuracy or \(name) not given): " + left.joined(separator: ", ") + ".")
        }
        return chart
    }

    /// CE (x) against SE (y) for every non-baseline row that has both (computed, else as printed).
    public func scoreChart() -> ScatterChart {
        var chart = ScatterChart(title: "CE vs SE" + (title.map { ": " + $0 } ?? ""),
                                 x: ChartAxis("CE (computation efficiency)", includes: [1]),
                                 y: ChartAxis("SE (storage efficiency)", includes: [1]))
        chart.references = [ReferenceLine(.x, at: 1, label: "baseline CE = 1"),
                            ReferenceLine(.y, at: 1, label: "baseline SE = 1")]
        var left: [String] = []
        forEachRow { groupIndex, group, row in
            guard row.role != .baseline else { return }
            guard let ce = score(.flops, row, in: group).value, let se = score(.params, row, in: group).value else {
                left.append(describe(row, in: group))
                return
            }
            chart.add(ChartPoint(x: ce, y: se, label: row.label), group: groupIndex, role: row.role)
        }
        chart.legend = legend(chart)
        if !left.isEmpty {
            chart.notes.append("Not plotted (CE or SE unknown): " + left.joined(separator: ", ") + ".")
        }
        return chart
    }

    /// A row's label, with its group's when the table has several groups.
    private func describe(_ row: ComparisonRow, in group: Group) -> String {
        sections.flatMap(\.groups).count > 1 ? "\(row.label) (\(group.title))" : row.label
    }

    private func forEachRow(_ body: (Int, Group, ComparisonRow) -> Void) {
        var index = 0
        for section in sections {
            for group in section.groups {
                for row in group.rows { body(index, group, row) }
                index += 1
            }
        }
    }

    /// Colours for groups (when there are several), markers for the roles the chart shows.
    private func legend(_ chart: ScatterChart) -> [LegendEntry] {
        let roles = ResultRole.allCases.filter { role in chart.series.contains { $0.name.hasSuffix("/" + role.rawValue) } }
        var entries: [LegendEntry] = []
        let named = sections.flatMap { section in section.groups.map { (section.heading, $0.title) } }
        let groups = sections.flatMap(\.groups)
        if named.count > 1 {
            for (i, (heading, title)) in named.enumerated() {
                // A title that repeats in another section is told apart by its section.
                let repeated = named.filter { $0.1 == title }.count > 1
                let label = repeated ? "\(title) (\(heading ?? "section \(i + 1)"))" : title
                entries.append(LegendEntry(label: label, color: ChartStyle.color(i), marker: .circle))
            }
        }
        for role in roles {
            let style = Self.style(role)
            entries.append(LegendEntry(label: style.name, color: groups.count > 1 ? "#555555" : ChartStyle.color(0),
                                       marker: style.marker, hollow: style.hollow))
        }
        return entries
    }
}

extension ScatterChart {
    /// Adds a point to the series of its group and role, creating the series on first use.
    mutating func add(_ point: ChartPoint, group: Int, role: ResultRole) {
        let style = ComparisonTable.style(role)
        let name = "\(group)/\(role.rawValue)"
        if let i = series.firstIndex(where: { $0.name == name }) {
            series[i].points.append(point)
        } else {
            series.append(ScatterSeries(name: name, color: ChartStyle.color(group), marker: style.marker,
                                        hollow: style.hollow, points: [point]))
        }
    }
}
