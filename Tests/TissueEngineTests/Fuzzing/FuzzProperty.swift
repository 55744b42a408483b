import TissueArch
import TissueDiagnostics
import TissueIR
import TissueNumerics

// The properties the libFuzzer harnesses in `Tests/Fuzz/` check, shared with `FuzzRegressionTests`,
// which replays the committed regression corpus (`Tests/Fixtures/fuzz-regressions`) through them.
//
// These files are compiled twice: as part of the test target, and by `Tests/Fuzz/run.sh` into each
// harness together with the library sources as one module (the script drops the
// `import Tissue…` lines). So they use only the engine's public API and the standard library:
// no Foundation, no Testing.

/// What a harness checks: each property takes the raw bytes of one input, returns normally when
/// the input is handled correctly (accepted, or rejected with a well-formed diagnostic), and
/// throws a ``FuzzFailure`` naming the broken property otherwise. A trap inside the engine is a
/// failure too; the harness and the replay test see it as a crash.
public enum FuzzProperty {
    /// The harnesses by name: the folder of each in the regression corpus, the file in `Tests/Fuzz/`.
    public static let harnesses = ["arch", "stack", "sweep", "units", "tablespec", "results", "budget", "quantity"]

    /// Called with the name of each stage of a property as it begins (`read`, `analysis thop`,
    /// `print`, …), so that a replay that traps can say where. Nil in the harnesses.
    nonisolated(unsafe) public static var trace: ((String) -> Void)?

    @inline(__always)
    static func stage(_ name: @autoclosure () -> String) {
        if let trace { trace(name()) }
    }

    /// Expansion bounds of the harnesses, as in the robustness tests: a mutant that turns a repeat
    /// count into a billion reaches the bound in microseconds instead of seconds, which keeps
    /// the fuzzer fast. The default bound itself is tested in DiagnosticTests.
    public static let limits = ExpansionLimits(callDepth: 64, statements: 5_000)

    /// Text as the CLI reads it: a file that is not UTF-8 is refused before any parsing.
    static func text(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// The input split into lines (on "\n" only, a trailing "\r" kept: options are values as
    /// a shell would pass them).
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// A broken property: which harness, which property, and what was seen.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    public var harness: String
    public var property: String
    public var detail: String

    public init(_ harness: String, _ property: String, _ detail: String) {
        self.harness = harness
        self.property = property
        self.detail = detail
    }

    public var description: String { "[\(harness)] property '\(property)' failed: \(detail)" }
}

/// The fixed files some harnesses work on (example networks, the registry of published results,
/// a baseline for CE and SE), read once by whoever runs the property: `Tests/Fuzz/Support` in the
/// harness, `Repository` in the tests. Paths are relative to the repository root.
public struct FuzzContext: Sendable {
    /// Example networks the `stack` and `sweep` inputs name by their first line.
    public static let baseNames = [
        "zoo/resnet18-cifar10", "zoo/vgg16-cifar10", "zoo/resnet34", "zoo/resnet50", "zoo/mobilenet_v2",
        "zoo/lenet5", "zoo/mlp-mnist", "paper/resnet18-cifar10", "paper/vgg16-cifar10", "stacked/lenet-hybrid",
    ]
    public static let registryFiles = ["lan2022-table2", "lan2022-table3", "lan2022-table4", "lan2022-table5"]
    public static let baselinePath = "Examples/ci/resnet18-cifar10-baseline.arch"

    /// Where the registry's CSV files may be (the first that exists is read).
    public static let registryFolders = ["Sources/TissueCLI/Resources/registry", "Sources/TissueCLI/Registry"]

    /// Base networks by name.
    public var bases: [String: String] = [:]
    /// The registry's CSV texts by source name.
    public var registry: [String: String] = [:]
    public var baseline: String = ""

    public init() {}

    /// Reads every file with `read` (a repository-relative path to its text, nil if missing).
    public init(read: (String) -> String?) {
        for name in Self.baseNames { bases[name] = read("Examples/\(name).arch") }
        for name in Self.registryFiles {
            for folder in Self.registryFolders where registry[name] == nil { registry[name] = read("\(folder)/\(name).csv") }
        }
        baseline = read(Self.baselinePath) ?? ""
    }
}

// MARK: Shared checks

extension FuzzProperty {
    /// A diagnostic must be what the user can act on: a one-line message without control
    /// characters, and a location (and notes) inside the source it is about, rendered with the
    /// excerpt and caret.
    static func checkDiagnostic(_ diagnostic: Diagnostic, source: String, harness: String, stage: String,
                                needsLocation: Bool = false) throws(FuzzFailure) {
        FuzzProperty.stage("render the diagnostic of \(stage)")
        let message = diagnostic.message
        // One line, and nothing a terminal would act on: no control character at all.
        if message.isEmpty || message.contains("Optional(")
            || message.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw FuzzFailure(harness, "diagnostic message is one clean line", "\(stage): \(message.debugDescription)")
        }
        let rendered = DiagnosticRenderer(fileName: "fuzz", source: source).render(diagnostic)
        if !rendered.hasPrefix("fuzz") || !rendered.contains("error: ") {
            throw FuzzFailure(harness, "diagnostic renders", "\(stage): \(rendered.debugDescription)")
        }
        let lengths = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(\.count)
        func inside(_ location: SourceLocation, _ what: String) throws(FuzzFailure) {
            guard location.line >= 1, location.line <= lengths.count,
                  location.column >= 1, location.column <= lengths[location.line - 1] + 1 else {
                throw FuzzFailure(harness, "diagnostic points inside the source",
                                  "\(stage): \(what) at \(location.line):\(location.column) in a source of "
                                  + "\(lengths.count) lines: \(message.debugDescription)")
            }
        }
        if let location = diagnostic.location {
            try inside(location, "error")
        } else if needsLocation {
            throw FuzzFailure(harness, "diagnostic has a location", "\(stage): \(message.debugDescription)")
        }
        for note in diagnostic.notes { try inside(note.location, "note") }
    }

    /// What must survive printing and reading back, layer by layer: the operation (by its report
    /// name and summary), input and output shapes, and the costs under one convention; for a
    /// stacked layer also each unit's width, totals and layers. Paths, unit names and source
    /// locations are not compared: blocks are inlined and repeats unrolled by the printer.
    struct LayerKey: Equatable, CustomStringConvertible {
        var name: String
        var summary: String
        var inputs: [TensorShape]
        var output: TensorShape
        var cost: Cost
        var units: [UnitKey]

        struct UnitKey: Equatable {
            var width: Int
            var totals: Cost
            var layers: [UnitLayer]
        }

        struct UnitLayer: Equatable {
            var name: String
            var inputs: [TensorShape]
            var output: TensorShape
            var cost: Cost
        }

        init(_ layer: LayerCost) {
            name = layer.name
            // A stack's summary names its units, and the printer may rename a unit definition
            // (`branch` → `branch_1`) to keep the names of different definitions apart.
            if case .stack = layer.kind { summary = "stack of \(layer.units.count)" } else { summary = layer.summary }
            inputs = layer.inputs
            output = layer.output
            cost = layer.cost
            units = layer.units.map { unit in
                UnitKey(width: unit.width, totals: unit.totals,
                        layers: unit.layers.map { UnitLayer(name: $0.name, inputs: $0.inputs, output: $0.output, cost: $0.cost) })
            }
        }

        var description: String { "\(summary) \(inputs) -> \(output) \(cost)\(units.isEmpty ? "" : " units \(units.count)")" }
    }

    /// Compares two analyses of what must be the same network.
    static func compare(_ original: Analysis, _ reread: Analysis, harness: String, what: String) throws(FuzzFailure) {
        let property = "printed .arch reads back to the same network"
        guard original.input == reread.input, original.output == reread.output else {
            throw FuzzFailure(harness, property, "\(what): shapes \(original.input) -> \(original.output) became "
                              + "\(reread.input) -> \(reread.output)")
        }
        guard original.totals == reread.totals else {
            throw FuzzFailure(harness, property, "\(what): totals \(original.totals) became \(reread.totals)")
        }
        let a = original.layers.map(LayerKey.init), b = reread.layers.map(LayerKey.init)
        guard a.count == b.count else {
            throw FuzzFailure(harness, property, "\(what): \(a.count) layers became \(b.count)")
        }
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            throw FuzzFailure(harness, property, "\(what): layer \(index + 1) '\(original.layers[index].path)' \(x) became \(y)")
        }
    }

    /// Prints `network`, reads the text back, and compares the two under every convention under
    /// which the original can be analysed; the text must also be a fixed point of printing.
    /// Returns the printed text.
    @discardableResult
    static func roundTrip(_ network: Network, header: [String] = [], harness: String, what: String) throws(FuzzFailure) -> String {
        stage("print \(what)")
        let printed: String
        do { printed = try ArchPrinter(header: header).print(network) } catch {
            throw FuzzFailure(harness, "every network read or built can be printed", "\(what): \(error)")
        }
        stage("read back the printed \(what)")
        let reread: Network
        do { reread = try ArchReader.read(printed, defaultName: "fuzz") } catch {
            let rendered = DiagnosticRenderer(fileName: "<printed>", source: printed).render(error)
            throw FuzzFailure(harness, "printed .arch reads back", "\(what): \(rendered)--- printed ---\n\(printed)")
        }
        let property = "printed .arch reads back to the same network"
        guard reread.name == ArchPrinterName.raw(network.name) else {
            throw FuzzFailure(harness, property, "\(what): name \(network.name.debugDescription) became \(reread.name.debugDescription)")
        }
        guard reread.metadata.dataset == network.metadata.dataset.map(ArchPrinterName.raw),
              reread.metadata.accuracy?.text == network.metadata.accuracy?.text,
              reread.metadata.budgets.map({ "\($0.metric) \($0.limit) \($0.written)" })
                == network.metadata.budgets.map({ "\($0.metric) \($0.limit) \($0.written)" }) else {
            throw FuzzFailure(harness, property, "\(what): metadata \(network.metadata) became \(reread.metadata)")
        }
        for convention in Convention.allCases {
            stage("analyse \(what) and its printed copy (\(convention))")
            let original: Analysis
            do { original = try Analysis(network, convention: convention) } catch {
                // The original overflows: so must the copy.
                if let copy = try? Analysis(reread, convention: convention) {
                    throw FuzzFailure(harness, property, "\(what): the original overflows under \(convention), "
                                      + "its printed copy gives \(copy.totals)")
                }
                continue
            }
            let copy: Analysis
            do { copy = try Analysis(reread, convention: convention) } catch {
                throw FuzzFailure(harness, property, "\(what): the printed copy fails under \(convention): \(error)")
            }
            try compare(original, copy, harness: harness, what: "\(what) (\(convention))\n--- printed ---\n\(printed)")
        }
        stage("print the printed copy again")
        let again: String
        do { again = try ArchPrinter(header: header).print(reread) } catch {
            throw FuzzFailure(harness, "printing is a fixed point", "\(what): the copy cannot be printed: \(error)")
        }
        guard again == printed else {
            throw FuzzFailure(harness, "printing is a fixed point",
                              "\(what): printing the copy gives other text\n--- first ---\n\(printed)--- second ---\n\(again)")
        }
        return printed
    }
}

/// How the printer spells a model or dataset name (``ArchPrinter`` keeps this internal): blanks,
/// `;` and `#` become `_`, and an empty name is `model`.
enum ArchPrinterName {
    static func raw(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            scalar.properties.isWhitespace || scalar == ";" || scalar == "#" ? "_" : Character(scalar)
        })
        return cleaned.isEmpty ? "model" : cleaned
    }
}
