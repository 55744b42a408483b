
/// Why a derived value (CE, SE, a ratio, a break-even accuracy) has no number. Every metric
/// returns one of these instead of dividing by zero or inventing a value, and every renderer
/// shows it: a footnote in text, Markdown and LaTeX, a `notes` column in CSV, `why` in JSON.
public enum EmptyReason: Sendable, Hashable, CustomStringConvertible {
    /// Inputs the source does not give ("-" in a paper's table, no `accuracy` statement).
    case unknown([Operand])
    /// A divisor that is zero.
    case zero(Operand)
    /// The row has no baseline to be compared with.
    case noBaseline
    /// The break-even target itself is missing.
    case noTarget(String)

    public var description: String {
        switch self {
        case .unknown(let operands):
            return Self.list(operands) + " not given"
        case .zero(let operand):
            return "\(Self.name(operand)) \(operand.measure == .accuracy ? "is" : "are") 0, so the ratio is undefined"
        case .noBaseline:
            return "no baseline in this group"
        case .noTarget(let name):
            return "the target '\(name)' has no score"
        }
    }

    /// A row's own figures are named plainly ("params"), its baseline's with "baseline".
    static func name(_ operand: Operand) -> String {
        operand.side == .baseline ? "baseline \(operand.measure.title)" : operand.measure.title
    }

    /// "accuracy (row and baseline) and FLOPs": measure by measure, in order.
    static func list(_ operands: [Operand]) -> String {
        var names: [String] = []
        for measure in Measure.allCases {
            let sides = operands.filter { $0.measure == measure }.map(\.side)
            if sides.count > 1 {
                names.append("\(measure.title) (row and baseline)")
            } else if let side = sides.first {
                names.append(name(Operand(side, measure)))
            }
        }
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// A metric's outcome: a finite number, or the reason there is none.
public enum Derived: Sendable, Hashable {
    case value(Double)
    case empty(EmptyReason)

    public var value: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    public var reason: EmptyReason? {
        if case .empty(let r) = self { return r }
        return nil
    }

    /// Applies `transform` to a value; an empty outcome stays empty with its reason.
    public func map(_ transform: (Double) -> Double) -> Derived {
        switch self {
        case .value(let v): .value(transform(v))
        case .empty: self
        }
    }
}
