import TissueIR
import TissueNumerics
import TissueTransforms

/// The `tissue units` report: Eq. 5–8 in closed form beside the engine's counts of the built layer.
public struct UnitsReport: Sendable {
    public var equations: StackEquations
    public var closed: StackEquations.Result
    public var engine: StackComparison

    public init(equations: StackEquations, closed: StackEquations.Result, engine: StackComparison) {
        self.equations = equations
        self.closed = closed
        self.engine = engine
    }

    /// (name, meaning, equation value, engine value)
    var rows: [(String, String, Int, Int?)] {
        [("M_s", "stacked memory (Eq. 5)", closed.stackedMemory, engine.stacked.params),
         ("M_f", "fully connected memory (Eq. 6)", closed.denseMemory, engine.dense?.params),
         ("F_s", "stacked computation (Eq. 7)", closed.stackedComputation, engine.stacked.macs),
         ("F_f", "fully connected computation (Eq. 8)", closed.denseComputation, engine.dense?.macs)]
    }

    /// True when every closed form equals the engine's count.
    public var agrees: Bool { rows.allSatisfy { $0.2 == $0.3 } }

    public func table(exact: Bool) -> Table {
        let number = NumberFormat.count(exact: exact)
        var table = Table(columns: [.init("quantity"), .init("meaning"), .init("equation", .right), .init("engine", .right),
                                    .init("agree")])
        for (name, meaning, value, counted) in rows {
            table.rows.append([name, meaning, number(value), counted.map(number) ?? "—", value == counted ? "yes" : "NO"])
        }
        return table
    }

    public func text() -> String {
        let units = equations.items.map { "\($0.count) × (\($0.c1), \($0.c2), \($0.c3))" }.joined(separator: " + ")
        let sizes = try? equations.outputSizes()
        let (h1, w1) = (sizes?.first.height ?? 0, sizes?.first.width ?? 0)
        let (h2, w2) = (sizes?.second.height ?? 0, sizes?.second.width ?? 0)
        var out = "units \(units), k=\(equations.kernel), stride \(equations.stride), input \(equations.height)x\(equations.width)"
        out += " → W1×H1 = \(w1)x\(h1), W2×H2 = \(w2)x\(h2)\n\n"
        out += TextTableRenderer.render(table(exact: false))
        let memory = Double(closed.denseMemory) / Double(max(1, closed.stackedMemory))
        let computation = Double(closed.denseComputation) / Double(max(1, closed.stackedComputation))
        out += "\nM_f / M_s = \(NumberFormat.fixed(memory, decimals: 2)), F_f / F_s = \(NumberFormat.fixed(computation, decimals: 2))"
        out += agrees ? "; the engine agrees with every equation.\n" : "; the engine DISAGREES with the equations.\n"
        return out
    }

    public func json() -> JSONValue {
        .object([
            ("units", .array(equations.items.map {
                .object([("count", .integer($0.count)), ("c1", .integer($0.c1)), ("c2", .integer($0.c2)), ("c3", .integer($0.c3))])
            })),
            ("k", .integer(equations.kernel)), ("stride", .integer(equations.stride)),
            ("input", .array([.integer(equations.height), .integer(equations.width)])),
            ("equations", .object(rows.map { ($0.0, .integer($0.2)) })),
            ("engine", .object(rows.map { ($0.0, $0.3.map(JSONValue.integer) ?? .null) })),
            ("agree", .bool(agrees)),
        ])
    }
}
