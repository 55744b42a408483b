extension Expander {
    /// Builds a stacked layer: each item `N x unit(args)` contributes N units, each expanded
    /// into its own graph on a piece of `width` channels. Widths are checked against the input
    /// before any unit is expanded, so a huge count fails fast.
    mutating func makeStack(_ items: [Statement.StackItem], path: NodePath, at location: SourceLocation,
                            in scope: Scope) throws(Diagnostic) -> Stack {
        let x = scope.currentShape
        var plans: [(definition: Definition, call: Statement.Call, count: Int, width: Int, arguments: [String: Value])] = []
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
            plans.append((definition, item.unit, count, width, arguments))
        }
        guard total == x.channels else {
            throw Diagnostic(.stackWidthMismatch(sum: total, channels: x.channels), at: location, notes: scope.calls)
        }

        var totals: [String: Int] = [:]
        for plan in plans { totals[plan.definition.name, default: 0] += plan.count }
        var seen: [String: Int] = [:]
        var units: [Stack.Unit] = []
        for plan in plans {
            for _ in 0..<plan.count {
                try countStep(at: location, scope)
                let name = plan.definition.name
                seen[name, default: 0] += 1
                let component = totals[name, default: 0] > 1 ? "\(name)\(seen[name, default: 0])" : name
                let unitPath = path.appending(component)
                var inner = try enter(plan.call, in: scope, path: unitPath, parameters: plan.arguments)
                inner.graph = Graph(input: x.with(channels: plan.width), path: unitPath.appending("input"),
                                    location: plan.call.location)
                inner.current = 0
                inner.items = []
                try expandBody(plan.definition.body, in: &inner)
                inner.graph.output = inner.current
                inner.graph.structure = inner.items
                units.append(Stack.Unit(name: name, width: plan.width, graph: inner.graph))
            }
        }
        return Stack(units: units)
    }
}
