import TissueMetrics

/// Collects rows into sections and groups the way table specs and `compare` describe them:
/// an explicit `group` takes the rows that follow it; without one, published rows are grouped
/// by their model (and by their own section until a `section` statement is given), and an
/// `.arch` baseline opens a group named after its model.
struct ComparisonTableBuilder {
    var sections: [ComparisonTable.Section] = []
    /// The group the next rows go into, set by `group` (and by an `.arch` baseline).
    private var current: (section: Int, group: Int)?
    /// Whether the spec has said `section` itself.
    private var explicitSections = false

    mutating func startSection(_ heading: String) {
        sections.append(.init(heading: heading))
        explicitSections = true
        current = nil
    }

    mutating func startGroup(_ title: String) {
        let s = lastSection()
        sections[s].groups.append(.init(title: title))
        current = (s, sections[s].groups.count - 1)
    }

    /// Lets the following published rows find their groups by model again.
    mutating func endGroup() {
        current = nil
    }

    /// A published row: into the current group, or into its model's group.
    mutating func add(_ result: PublishedResult) {
        let row = ComparisonRow(result)
        if let (s, g) = current {
            sections[s].groups[g].rows.append(row)
            return
        }
        let s: Int
        if explicitSections || sections.last?.heading == result.section {
            s = lastSection()
        } else {
            sections.append(.init(heading: result.section))
            s = sections.count - 1
        }
        let title = result.model + (result.ownBaseline != nil ? result.dataset.map { " (\($0))" } ?? "" : "")
        if let g = sections[s].groups.firstIndex(where: { $0.title == title }) {
            sections[s].groups[g].rows.append(row)
        } else {
            sections[s].groups.append(.init(title: title, rows: [row]))
        }
    }

    /// An `.arch` row: a baseline outside a group opens one named after its model; a candidate
    /// outside a group joins the last group.
    mutating func add(_ row: ComparisonRow, model: String) {
        if current == nil {
            let s = lastSection()
            if row.role == .baseline || sections[s].groups.isEmpty {
                sections[s].groups.append(.init(title: model))
            }
            current = (s, sections[s].groups.count - 1)
        }
        if let (s, g) = current { sections[s].groups[g].rows.append(row) }
    }

    private mutating func lastSection() -> Int {
        if sections.isEmpty { sections.append(.init()) }
        return sections.count - 1
    }
}

extension ComparisonTable {
    /// The unit that shows the table's largest count with one to three integer digits: G, M or
    /// k for FLOPs, M or k for params; a source's printed unit wins when rows carry one.
    func fittingUnit(_ resource: Measure) -> CountUnit {
        let amounts = allRows.compactMap { $0.row.figures[resource] }
        if let printed = amounts.first(where: { $0.printed != nil }) { return printed.unit }
        let largest = amounts.map(\.value).max() ?? 0
        let units: [CountUnit] = resource == .flops ? [.giga, .mega, .kilo] : [.mega, .kilo]
        return units.first { largest >= $0.factor } ?? units.last ?? .one
    }
}
