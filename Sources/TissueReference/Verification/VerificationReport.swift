import TissueIR
import TissueNumerics
import TissueReports

/// Renders a ``Verification`` for `tissue verify`: a table of analytic against executed counts
/// (exact integers: a checker must not round a difference away), one line per stacked layer, and
/// the verdict; or the JSON document described in `docs/verify.md`.
public struct VerificationReport: Sendable {
    public var verification: Verification

    public init(_ verification: Verification) {
        self.verification = verification
    }

    public func table() -> Table {
        var table = Table(columns: [
            .init("path"), .init("op"), .init("output", .right), .init("params", .right), .init("executed", .right),
            .init("MACs", .right), .init("executed", .right), .init("check"),
        ])
        func add(_ row: Verification.Row, indent: String) {
            let e = row.executed
            let shape = e.map { $0.output == row.analytic.output ? "\($0.output)" : "\(row.analytic.output) ≠ \($0.output)" }
                ?? "\(row.analytic.output)"
            let differences = row.differences
            table.rows.append([indent + row.path.description, row.summary, shape, String(row.analytic.params),
                               e.map { String($0.params) } ?? "-", String(row.analytic.macs), e.map { String($0.macs) } ?? "-",
                               differences.isEmpty ? (row.countsAgree ? "ok" : "units differ") : "DIFF " + differences.joined(separator: ", ")])
            // Unit layers are listed only where they disagree, so a passing table stays short.
            for unit in row.units {
                for inner in unit.rows where !inner.countsAgree { add(inner, indent: indent + "  ") }
            }
        }
        for row in verification.rows { add(row, indent: "") }
        let v = verification
        table.footer = [["total", "", "\(v.output)", String(v.analyticTotals.params), String(v.executedParams),
                         String(v.analyticTotals.macs), String(v.executedMACs), v.countsAgree ? "ok" : "DIFF"]]
        return table
    }

    public func text() -> String {
        let v = verification
        var out = "\(v.model): input \(v.input) → output \(v.output), seed \(v.seed); "
            + "analytic counts (standard convention) against a reference forward pass\n\n"
        out += TextTableRenderer.render(table())
        let stacks = v.stackRows
        if !stacks.isEmpty {
            out += "\nstacked layers against their dense counterparts (block-diagonal weights, same input, "
                + "relative tolerance \(Self.scientific(v.tolerance))):\n"
            for row in stacks { out += "  \(row.path)  \(row.summary): \(Self.describe(row.stackCheck))\n" }
        }
        return out + "\n" + verdict() + "\n"
    }

    /// `pass: …` or `FAIL: …`, one line.
    public func verdict() -> String {
        let v = verification
        let (agree, disagree) = v.layerTally
        let checks = v.stackRows.compactMap(\.stackCheck)
        let compared = checks.filter { if case .compared = $0.outcome { true } else { false } }
        let equal = compared.filter(\.agrees).count
        let without = checks.count - compared.count
        var stacks = ""
        if !compared.isEmpty {
            stacks = "; \(equal) of \(compared.count) stacked layer\(compared.count == 1 ? "" : "s") "
                + "equal\(compared.count == 1 ? "s its dense counterpart" : " their dense counterparts")"
        }
        if without > 0 {
            stacks += compared.isEmpty ? "; " : ", "
            stacks += "\(without) stacked layer\(without == 1 ? " has" : "s have") no dense counterpart"
        }
        let total = agree + disagree
        let inUnits = total - v.rows.count
        let layers = "\(total) layer\(total == 1 ? "" : "s")" + (inUnits > 0 ? " (\(inUnits) of them inside stacked units)" : "")
        if v.passed {
            return "pass: all \(layers) agree in shape, parameters and MACs" + stacks
        }
        return "FAIL: \(disagree) of \(layers) disagree" + stacks
    }

    static func describe(_ check: StackCheck?) -> String {
        guard let check else { return "not checked" }
        switch check.outcome {
        case .compared(let d):
            let verdict = d.agrees(tolerance: check.tolerance) ? "equal" : "DIFFERENT"
            let counts = check.denseCountsAgree
                ? "\(NumberFormat.si(check.dense.executedParams)) params, \(NumberFormat.si(check.dense.executedMACs)) MACs"
                : "params \(check.dense.analytic.params) analytic ≠ \(check.dense.executedParams) executed, "
                    + "MACs \(check.dense.analytic.macs) analytic ≠ \(check.dense.executedMACs) executed (DIFF)"
            return "\(verdict) (max abs \(scientific(d.maxAbsolute)), max rel \(scientific(d.maxRelative))); dense counterpart " + counts
        case .noDenseCounterpart(let reason):
            return "no dense counterpart: \(reason)"
        case .denseShapeMismatch(let shape):
            return "DIFFERENT: the dense counterpart produced \(shape.map { "\($0)" } ?? "no output")"
        }
    }

    /// `0`, `1.2e-07`, `3.0e+02`: two significant digits, for tolerances and differences.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : "inf" }
        guard value != 0 else { return "0" }
        var exponent = 0
        var mantissa = abs(value)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        if mantissa >= 9.95 { mantissa /= 10; exponent += 1 }
        let digits = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return (value < 0 ? "-" : "") + NumberFormat.fixed(mantissa, decimals: 1) + "e" + (exponent < 0 ? "-" : "+") + digits
    }

    // MARK: JSON

    public func json() -> JSONValue {
        let v = verification
        return .object([
            ("model", .string(v.model)),
            ("input", Self.json(v.input)),
            ("output", Self.json(v.output)),
            ("seed", .integer(Int(truncatingIfNeeded: v.seed))),
            ("tolerance", .number(v.tolerance)),
            ("passed", .bool(v.passed)),
            ("totals", .object([
                ("analytic", .object([("params", .integer(v.analyticTotals.params)), ("macs", .integer(v.analyticTotals.macs))])),
                ("executed", .object([("params", .integer(v.executedParams)), ("macs", .integer(v.executedMACs))])),
            ])),
            ("layers", .array(v.rows.map(Self.json))),
            ("stacks", .array(v.stackRows.map(Self.jsonStack))),
        ])
    }

    static func json(_ shape: TensorShape) -> JSONValue {
        .array(shape.dimensions.map(JSONValue.integer))
    }

    static func json(_ counts: Verification.Counts?) -> JSONValue {
        guard let counts else { return .null }
        return .object([("output", json(counts.output)), ("params", .integer(counts.params)), ("macs", .integer(counts.macs))])
    }

    static func json(_ row: Verification.Row) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("path", .string(row.path.description)),
            ("op", .string(row.summary)),
            ("analytic", json(row.analytic)),
            ("executed", json(row.executed)),
            ("agrees", .bool(row.countsAgree)),
        ]
        if !row.units.isEmpty {
            members.append(("units", .array(row.units.map { unit in
                .object([("name", .string(unit.name)), ("width", .integer(unit.width)), ("layers", .array(unit.rows.map(json)))])
            })))
        }
        return .object(members)
    }

    static func jsonStack(_ row: Verification.Row) -> JSONValue {
        var members: [(String, JSONValue)] = [("path", .string(row.path.description)), ("op", .string(row.summary))]
        guard let check = row.stackCheck else { return .object(members + [("outcome", .string("not checked"))]) }
        switch check.outcome {
        case .compared(let d):
            members += [("outcome", .string(d.agrees(tolerance: check.tolerance) ? "equal" : "different")),
                        ("max_abs", .number(d.maxAbsolute)), ("max_rel", .number(d.maxRelative)),
                        ("dense", .object([
                            ("analytic", .object([("params", .integer(check.dense.analytic.params)),
                                                  ("macs", .integer(check.dense.analytic.macs))])),
                            ("executed", .object([("params", .integer(check.dense.executedParams)),
                                                  ("macs", .integer(check.dense.executedMACs))])),
                        ]))]
        case .noDenseCounterpart(let reason):
            members += [("outcome", .string("no dense counterpart")), ("reason", .string(reason))]
        case .denseShapeMismatch(let shape):
            members += [("outcome", .string("different")), ("dense_output", shape.map(json) ?? .null)]
        }
        members.append(("agrees", .bool(check.agrees)))
        return .object(members)
    }
}
