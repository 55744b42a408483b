import TissueIR
import TissueNumerics
import TissueReports
import TissueTransforms

extension FuzzProperty {
    /// Units a `units` input may build layer by layer in one harness run. `units --n` has no
    /// bound of its own (a billion units is a billion unit graphs); inputs beyond this still run
    /// the closed forms, but not the engine's count.
    static let unitsBuildBound = 4_096

    /// `units`: the options of `tissue units`, one `key=value` per line (`n`, `nodes`, `unit`
    /// (repeatable), `k`, `size`, `stride`), bound as the CLI binds them → ``StackEquations``:
    /// `evaluate()` must give the four quantities or report an overflow (never trap); when it
    /// gives them and the layer can be built, the engine's counts of the built layer equal them
    /// (the CLI's "agree" column), and the report renders in every format.
    public static func units(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let text = text(bytes) else { return }
        var values: [String: String] = [:]
        var unitTexts: [String] = []
        for line in lines(text) where !line.isEmpty {
            guard let equals = line.firstIndex(of: "=") else { return }
            let key = String(line[..<equals]), value = String(line[line.index(after: equals)...])
            guard ["n", "nodes", "unit", "k", "size", "stride"].contains(key) else { return }
            if key == "unit" {
                unitTexts.append(value)
            } else {
                guard values[key] == nil else { return }
                values[key] = value
            }
        }
        guard let equations = stackEquations(values, units: unitTexts) else { return }
        stage("evaluate Eq. 5-8")
        let closed: StackEquations.Result
        do { closed = try equations.evaluate() } catch {
            return  // `units` reports "sizes whose counts fit in 64 bits"
        }
        var total = 0
        for item in equations.items {
            let (sum, overflow) = total.addingReportingOverflow(item.count)
            guard !overflow, sum <= unitsBuildBound else { return }
            total = sum
        }
        stage("build and count the layer")
        let engine: StackComparison
        do {
            guard let first = try StackComparison.all(in: try Analysis(try equations.layer())).first else {
                throw FuzzFailure("units", "the built layer is a stack", "no stacked layer in \(equations)")
            }
            engine = first
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            return  // `units` reports "sizes whose layer can be built"
        }
        stage("units report")
        let report = UnitsReport(equations: equations, closed: closed, engine: engine)
        _ = report.text() + report.json().rendered() + CSVTableRenderer.render(report.table(exact: true))
            + MarkdownTableRenderer.render(report.table(exact: false))
        guard report.agrees else {
            throw FuzzFailure("units", "the engine agrees with Eq. 5-8",
                              "\(equations): equations \(closed), engine stacked \(engine.stacked), dense "
                              + "\(engine.dense.map { "\($0)" } ?? "none")")
        }
    }

    /// `StackEquations(arguments)` of the CLI (`UnitsCommand.swift`); nil where it refuses.
    static func stackEquations(_ values: [String: String], units: [String]) -> StackEquations? {
        func positive(_ text: Substring) -> Int? {
            guard let value = Int(text), value >= 1 else { return nil }
            return value
        }
        func nodes(_ text: String) -> (Int, Int, Int)? {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 3, let a = positive(parts[0]), let b = positive(parts[1]), let c = positive(parts[2]) else {
                return nil
            }
            return (a, b, c)
        }
        var items: [StackEquations.Item] = []
        if !units.isEmpty {
            guard values["n"] == nil else { return nil }
            for text in units {
                guard let cross = text.firstIndex(of: "x"), let count = positive(text[..<cross]),
                      let (c1, c2, c3) = nodes(String(text[text.index(after: cross)...])) else { return nil }
                items.append(.init(count: count, c1: c1, c2: c2, c3: c3))
            }
        } else {
            guard let n = values["n"], let spec = values["nodes"], let (c1, c2, c3) = nodes(spec),
                  let count = positive(Substring(n)) else { return nil }
            items = [.init(count: count, c1: c1, c2: c2, c3: c3)]
        }
        guard let size = values["size"] else { return nil }
        let sides = size.split(separator: "x", omittingEmptySubsequences: false)
        guard sides.count == 1 || sides.count == 2, let height = positive(sides[0]), let width = positive(sides[sides.count - 1]),
              let kernel = positive(Substring(values["k"] ?? "3")), let stride = positive(Substring(values["stride"] ?? "1")),
              height >= kernel - 2 * (kernel / 2), width >= kernel - 2 * (kernel / 2) else { return nil }
        return StackEquations(items: items, kernel: kernel, stride: stride, height: height, width: width)
    }
}
