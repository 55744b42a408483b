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
        let name = resource == .flops ? "FLOPs" : "Params"
        var chart = ScatterChart(title: (title.map { $0 + ": " } ?? "") + "accuracy vs \(name)",
                                 x: ChartAxis("\(name) (\(unit.title))", scale: .automatic), y: ChartAxis("Accuracy (%)"))
        var left: [String] = []
        forEachRow { groupIndex, group, row in
            guard let acc = row.figures.accuracy?.value, let value = row.figures[resource]?.value else {
                left.append(row.role == .baseline ? "\(group.title) baseline" : describe(row, in: group))
                return
            }
            let label = row.role == .baseline ? group.title : row.label
            return chart.add(ChartPoint(x: value / unit.factor, y: acc, label: label), group: groupIndex, role: row.role)
        }
        chart.legend = legend()
        if !left.isEmpty {
            chart.notes.append("Not plotted (accuracy or \(name) not given): " + left.joined(separator: ", ") + ".")
        }
        return chart
    }

    /// CE (x) against SE (y) for every non-baseline row that has both (computed, else as printed).
    public func scoreChart() -> ScatterChart {
        var chart = ScatterChart(title: (title.map { $0 + ": " } ?? "") + "CE vs SE",
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
        chart.legend = legend(roles: [.candidate, .published])
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

    /// Colours for groups (when there are several), markers for roles.
    private func legend(roles: [ResultRole] = ResultRole.allCases) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        let groups = sections.flatMap(\.groups)
        if groups.count > 1 {
            for (i, group) in groups.enumerated() {
                entries.append(LegendEntry(label: group.title, color: ChartStyle.color(i), marker: .circle))
            }
        }
        let present = Set(allRows.map(\.row.role))
        for role in roles where present.contains(role) {
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
