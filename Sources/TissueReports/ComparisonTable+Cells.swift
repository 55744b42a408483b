import TissueMetrics
import TissueNumerics

/// One cell of a comparison table before a renderer formats it: the text to show, the value in
/// base units (counts, percent, ratios), where it came from, and, when it is empty, why.
public struct ComparisonCell: Sendable, Hashable {
    /// The formatted text; nil when the cell is empty.
    public var text: String?
    public var value: Double?
    public var basis: Basis?
    /// Set for an empty derived cell (a metric that cannot be computed).
    public var why: EmptyReason?
    /// A printed CE/SE shown because `tissue` cannot recompute it from the row's numbers.
    public var reportedOnly = false
    /// The printed CE/SE when it differs from the recomputed value by more than 0.01.
    public var printedOtherwise: String?

    static func text(_ text: String) -> ComparisonCell {
        ComparisonCell(text: text)
    }

    /// An input the source does not give: shown as "-", like the paper's tables.
    static let unknown = ComparisonCell()
}

extension ComparisonTable {
    /// The comparison of a row with its own baseline or its group's; nil without one.
    public func comparison(_ row: ComparisonRow, in group: Group) -> Comparison? {
        guard let baseline = row.ownBaseline ?? group.baseline else { return nil }
        return Comparison(baseline: baseline, candidate: row.figures, statedFraction: row.statedFraction)
    }

    /// The cell of `column` for `row`; `first` says whether the row opens its group.
    public func cell(_ column: ComparisonColumn, _ row: ComparisonRow, in group: Group, first: Bool = true) -> ComparisonCell {
        switch column {
        case .model: return .text(first ? group.title : "")
        case .method: return .text(row.label)
        case .dataset: return row.dataset.map(ComparisonCell.text) ?? .unknown
        case .acc: return figure(row.figures.accuracy, unit: .one)
        case .flops: return figure(row.figures.flops, unit: flopsUnit)
        case .params: return figure(row.figures.params, unit: paramsUnit)
        case .ce: return score(.flops, row, in: group)
        case .se: return score(.params, row, in: group)
        case .nonzero: return figure(row.compression.map { .counted($0.nonzero) }, unit: paramsUnit)
        case .macs: return figure(row.compression.map { .counted($0.macs) }, unit: flopsUnit)
        case .effectiveMACs: return figure(row.compression.map { .counted($0.effectiveMACs) }, unit: flopsUnit)
        case .weightBytes: return figure(row.compression.map { .counted($0.weightBytes) }, unit: bytesUnit)
        case .activationBytes: return figure(row.compression.map { .counted($0.activationBytes) }, unit: bytesUnit)
        case .weightCompression: return weightCompression(row, in: group)
        default: break
        }
        guard let comparison = comparison(row, in: group) else {
            return ComparisonCell(why: .noBaseline)
        }
        let derived: Derived
        switch column {
        case .accChange: derived = comparison.accuracyChange
        case .flopsKept: derived = comparison.percentKept(.flops)
        case .flopsSaved: derived = comparison.percentSaved(.flops)
        case .paramsKept: derived = comparison.percentKept(.params)
        case .paramsSaved: derived = comparison.percentSaved(.params)
        case .speedUp: derived = comparison.speedUp
        case .compression: derived = comparison.compressionRatio
        case .accForCE: derived = comparison.breakEvenAccuracy(.flops, target: targetScore(.flops).score, name: targetName)
        case .accForSE: derived = comparison.breakEvenAccuracy(.params, target: targetScore(.params).score, name: targetName)
        default: derived = .empty(.noBaseline)
        }
        switch derived {
        case .value(let v):
            let text = column == .accChange ? Self.signed(v, decimals: decimals) : NumberFormat.fixed(v, decimals: decimals)
            return ComparisonCell(text: text, value: v, basis: .computed)
        case .empty(let reason):
            return ComparisonCell(why: reason)
        }
    }

    /// The group baseline's weight bytes ÷ the row's.
    func weightCompression(_ row: ComparisonRow, in group: Group) -> ComparisonCell {
        guard let bytes = row.compression?.weightBytes else { return .unknown }
        guard let baseline = group.rows.first(where: { $0.role == .baseline })?.compression?.weightBytes, bytes > 0 else {
            return ComparisonCell(why: .noBaseline)
        }
        let ratio = Double(baseline) / Double(bytes)
        return ComparisonCell(text: NumberFormat.fixed(ratio, decimals: decimals), value: ratio, basis: .computed)
    }

    /// An input figure, shown as printed when the source printed it in the table's unit.
    func figure(_ amount: Amount?, unit: CountUnit) -> ComparisonCell {
        guard let amount else { return .unknown }
        let text: String
        if let printed = amount.printed, amount.unit == unit {
            text = printed
        } else {
            text = NumberFormat.fixed(amount.value / unit.factor, decimals: decimals)
        }
        return ComparisonCell(text: text, value: amount.value, basis: amount.basis)
    }

    /// CE (`.flops`) or SE (`.params`): recomputed where the numbers allow, else as printed.
    public func score(_ resource: Measure, _ row: ComparisonRow, in group: Group) -> ComparisonCell {
        let reported = row.reported(resource)
        let derived = comparison(row, in: group)?.efficiency(resource) ?? .empty(.noBaseline)
        if let reported, scores == .reported || derived.value == nil {
            return ComparisonCell(text: reported.printed ?? NumberFormat.fixed(reported.value, decimals: decimals),
                                  value: reported.value, basis: .reported, reportedOnly: derived.value == nil)
        }
        switch derived {
        case .value(let v):
            var cell = ComparisonCell(text: NumberFormat.fixed(v, decimals: decimals), value: v, basis: .computed)
            if let reported, abs(reported.value - v) > Self.tolerance {
                cell.printedOtherwise = reported.printed ?? NumberFormat.fixed(reported.value, decimals: decimals)
            }
            return cell
        case .empty(let reason): return ComparisonCell(why: reason)
        }
    }

    /// How far a recomputed score may be from the printed one: the last printed digit, ±0.01.
    public static let tolerance = 0.01 + 1e-9

    /// The CE or SE the break-even columns aim at, and how the target is named.
    public func targetScore(_ resource: Measure) -> (score: Derived, name: String) {
        switch target {
        case .value(let v):
            return (.value(v), Self.short(v))
        case .row(let label):
            guard let (group, row) = allRows.first(where: { $0.row.label == label }) else {
                return (.empty(.noTarget(label)), label)
            }
            let cell = score(resource, row, in: group)
            return (cell.value.map(Derived.value) ?? .empty(cell.why ?? .noTarget(label)), label)
        }
    }

    var targetName: String {
        switch target {
        case .value(let v): Self.short(v)
        case .row(let label): label
        }
    }

    /// `1`, `1.59`: a target without trailing zeros.
    static func short(_ value: Double) -> String {
        var text = NumberFormat.fixed(value, decimals: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `+0.43`, `-3.15`, `0.00`: a change with its sign.
    static func signed(_ value: Double, decimals: Int) -> String {
        let text = NumberFormat.fixed(value, decimals: decimals)
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" }
        return isZero ? text.replacingAll("-", with: "") : value > 0 ? "+" + text : text
    }
}
