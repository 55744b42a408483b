import TissueNumerics

/// An integer expression over a template's parameters: `c2`, `c1*2`, `(c1+c2)/2`.
public indirect enum TemplateExpression: Sendable, Hashable {
    case integer(Int)
    case parameter(String)
    case binary(Operator, TemplateExpression, TemplateExpression)

    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    /// The value for the given arguments; nil on an unknown name, an inexact or zero division,
    /// or an overflow.
    public func evaluate(_ arguments: [String: Int]) -> Int? {
        switch self {
        case .integer(let value): return value
        case .parameter(let name): return arguments[name]
        case .binary(let op, let lhs, let rhs):
            guard let a = lhs.evaluate(arguments), let b = rhs.evaluate(arguments) else { return nil }
            switch op {
            case .add: return try? Checked.add(a, b)
            case .subtract: return try? Checked.subtract(a, b)
            case .multiply: return try? Checked.multiply(a, b)
            case .divide: return b != 0 && a % b == 0 ? a / b : nil
            }
        }
    }
}
