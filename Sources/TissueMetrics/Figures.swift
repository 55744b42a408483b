import TissueNumerics

/// Where a number in a comparison came from, so tables can say what was reported and what
/// `tissue` worked out itself.
public enum Basis: String, Sendable, Hashable {
    /// As printed by a source: a paper's table, a results CSV.
    case reported
    /// Counted by `tissue` from an `.arch` description.
    case counted
    /// Given by the user: an `accuracy` statement or `--acc`.
    case stated
    /// Derived by `tissue` from other numbers (CE, SE, ratios).
    case computed
}

/// One figure of a model: its value in base units (a count; percent for accuracy), and for a
/// reported number the text exactly as printed and the unit it was printed in.
public struct Amount: Sendable, Hashable {
    public var value: Double
    /// The digits as the source printed them (`5.4`, not `5.40`), when it came from text.
    public var printed: String?
    /// The unit ``printed`` is in; `value = printed · unit.factor`.
    public var unit: CountUnit
    public var basis: Basis

    public init(value: Double, printed: String? = nil, unit: CountUnit = .one, basis: Basis) {
        self.value = value
        self.printed = printed
        self.unit = unit
        self.basis = basis
    }

    /// An exact count from the cost model.
    public static func counted(_ count: Int) -> Amount {
        Amount(value: Double(count), basis: .counted)
    }

    /// A number printed in a source, in `unit`; nil if `text` is not a decimal.
    public static func reported(_ text: String, unit: CountUnit = .one) -> Amount? {
        guard let literal = DecimalLiteral(text) else { return nil }
        return Amount(value: scaled(text, by: unit.factor) ?? literal.value * unit.factor, printed: text, unit: unit,
                      basis: .reported)
    }

    /// `digits · factor` computed as (integer mantissa · factor) / 10^decimals, so that 4.14 M
    /// is exactly 4140000 rather than 4140000.000000001.
    static func scaled(_ text: String, by factor: Double) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let mantissa = Int(parts.joined()), mantissa < 1 << 52 else { return nil }
        var divisor = 1.0
        for _ in 0..<(parts.count == 2 ? parts[1].count : 0) { divisor *= 10 }
        return Double(mantissa) * factor / divisor
    }
}

/// Accuracy, FLOPs and parameters of one model; any of them may be unknown.
public struct Figures: Sendable, Hashable {
    public var accuracy: Amount?
    public var flops: Amount?
    public var params: Amount?

    public init(accuracy: Amount? = nil, flops: Amount? = nil, params: Amount? = nil) {
        self.accuracy = accuracy
        self.flops = flops
        self.params = params
    }

    public subscript(measure: Measure) -> Amount? {
        get {
            switch measure {
            case .accuracy: accuracy
            case .flops: flops
            case .params: params
            }
        }
        set {
            switch measure {
            case .accuracy: accuracy = newValue
            case .flops: flops = newValue
            case .params: params = newValue
            }
        }
    }
}
