import TissueDiagnostics
import TissueIR
import TissueNumerics

extension Expander {
    /// Builds a stacked layer: each item `N x unit(args)` contributes N units, each expanded
    /// into its own graph on a piece of `width` channels. Widths are checked against the input
    /// before any unit is expanded, so a huge count fails fast. A unit whose definition is a plain
    /// sequence of layers also remembers it as a template (``UnitTemplate``), so that printers can
    /// write the stack back as `N x unit(args)`.
    mutating func makeStack(_ items: [Statement.StackItem], path: NodePath, at location: SourceLocation,
                            in scope: Scope) throws(Diagnostic) -> Stack {
        let x = scope.currentShape
        struct Plan {
            var definition: Definition
            var call: Statement.Call
            var count: Int
            var width: Int
            var arguments: [String: Value]
        }
        var plans: [Plan] = []
        var total = 0
        for item in items {
            let count = try positiveInteger(item.count, "a unit count", in: scope)
            let definition = try lookUp(item.unit, expecting: .unit, in: scope)
            let arguments = try bind(item.unit, to: definition, in: scope)
            var unitScope = scope
            unitScope.parameters = arguments
            guard let widthExpression = definition.inputWidth else {
                throw Diagnostic(.stackNeedsUnit(item.unit.name), at: item.unit.location, notes: scope.calls)
            }
            let width = try positiveInteger(widthExpression, "the input width of unit '\(definition.name)'", in: unitScope)
            do {
                total = try Checked.add(total, try Checked.multiply(count, width))
            } catch {
                throw Diagnostic(.arithmeticOverflow, at: item.count.location, notes: scope.calls)
            }
            plans.append(Plan(definition: definition, call: item.unit, count: count, width: width, arguments: arguments))
        }
        guard total == x.channels else {
            throw Diagnostic(.stackWidthMismatch(sum: total, channels: x.channels), at: location, notes: scope.calls)
        }

        var totals: [String: Int] = [:]
        for plan in plans { totals[plan.definition.name, default: 0] += plan.count }
        var seen: [String: Int] = [:]
        var units: [Stack.Unit] = []
        for plan in plans {
            let origin = template(for: plan.definition).flatMap { template in
                Self.integerArguments(plan.arguments, of: plan.definition).map { UnitOrigin(template: template, arguments: $0) }
            }
            for _ in 0..<plan.count {
                try countStep(at: location, scope)
                let name = plan.definition.name
                seen[name, default: 0] += 1
                let component = totals[name, default: 0] > 1 ? "\(name)\(seen[name, default: 0])" : name
                let unitPath = path.appending(component)
                var inner = try enter(plan.call, of: .unit, in: scope, path: unitPath, parameters: plan.arguments)
                inner.builder = GraphBuilder()
                inner.current = inner.builder.input(x.with(channels: plan.width), path: unitPath.appending("input"),
                                                    location: plan.call.location)
                try expandBody(plan.definition.body, in: &inner)
                inner.builder.output(inner.current)
                units.append(Stack.Unit(name: name, graph: try finish(inner.builder), origin: origin))
            }
        }
        return Stack(units: units)
    }

    /// The bound arguments in parameter order, when all are integers.
    static func integerArguments(_ arguments: [String: Value], of definition: Definition) -> [Int]? {
        var values: [Int] = []
        for parameter in definition.parameters {
            guard case .integer(let value)? = arguments[parameter.name] else { return nil }
            values.append(value)
        }
        return values
    }
}
