import TissueDiagnostics
import TissueIR
import TissueNumerics

extension Expander {
    /// Evaluates an expression with exact, overflow-checked integer arithmetic.
    func evaluate(_ expression: Expression, in scope: Scope) throws(Diagnostic) -> Value {
        switch expression {
        case .integer(let value, _):
            return .integer(value)
        case .boolean(let value, _):
            return .boolean(value)
        case .same:
            return .same
        case .name(let name, let location):
            if name == "in" { return .integer(scope.currentShape.channels) }
            guard let value = scope.parameters[name] else {
                let candidates = Array(scope.parameters.keys).sorted() + ["in"]
                throw Diagnostic(.unknownName(name, suggestion: Suggestion.closest(to: name, among: candidates)),
                                 at: location, notes: scope.calls)
            }
            return value
        case .negate(let inner, let location):
            let value = try integer(inner, in: scope)
            guard value != Int.min else { throw Diagnostic(.arithmeticOverflow, at: location, notes: scope.calls) }
            return .integer(-value)
        case .binary(let op, let lhs, let rhs, let location):
            let a = try integer(lhs, in: scope)
            let b = try integer(rhs, in: scope)
            do {
                switch op {
                case .add: return .integer(try Checked.add(a, b))
                case .subtract: return .integer(try Checked.subtract(a, b))
                case .multiply: return .integer(try Checked.multiply(a, b))
                case .divide:
                    guard b != 0 else { throw Diagnostic(.divisionByZero(a), at: location, notes: scope.calls) }
                    guard a % b == 0 else { throw Diagnostic(.inexactDivision(a, b), at: location, notes: scope.calls) }
                    return .integer(a / b)
                }
            } catch let error as Diagnostic {
                throw error
            } catch {
                throw Diagnostic(.arithmeticOverflow, at: location, notes: scope.calls)
            }
        case .pair(let h, let w, _):
            return .pair(try integer(h, in: scope), try integer(w, in: scope))
        }
    }

    func integer(_ expression: Expression, in scope: Scope) throws(Diagnostic) -> Int {
        let value = try evaluate(expression, in: scope)
        guard case .integer(let result) = value else {
            throw Diagnostic(.typeMismatch(expected: "an integer", found: value.kindDescription),
                             at: expression.location, notes: scope.calls)
        }
        return result
    }

    func positiveInteger(_ expression: Expression, _ what: String, in scope: Scope) throws(Diagnostic) -> Int {
        let value = try integer(expression, in: scope)
        guard value >= 1 else { throw Diagnostic(.nonPositive(what, value), at: expression.location, notes: scope.calls) }
        return value
    }

    func boolean(_ expression: Expression, in scope: Scope) throws(Diagnostic) -> Bool {
        let value = try evaluate(expression, in: scope)
        guard case .boolean(let result) = value else {
            throw Diagnostic(.typeMismatch(expected: "'true' or 'false'", found: value.kindDescription),
                             at: expression.location, notes: scope.calls)
        }
        return result
    }

    /// A size written `A` (square) or `AxB`; each side at least `minimum`.
    func pair(_ expression: Expression, _ what: String, minimum: Int, in scope: Scope) throws(Diagnostic) -> Pair {
        let value = try evaluate(expression, in: scope)
        let result: Pair
        switch value {
        case .integer(let v): result = Pair(square: v)
        case .pair(let h, let w): result = Pair(h, w)
        case .boolean, .same:
            throw Diagnostic(.typeMismatch(expected: "a size such as '3' or '1x7'", found: value.kindDescription),
                             at: expression.location, notes: scope.calls)
        }
        for side in [result.height, result.width] where side < minimum {
            let kind: DiagnosticKind = minimum > 0 ? .nonPositive(what, side) : .negative(what, side)
            throw Diagnostic(kind, at: expression.location, notes: scope.calls)
        }
        return result
    }
}
