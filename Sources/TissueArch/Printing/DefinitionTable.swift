import TissueIR

/// The unit definitions a printed network needs, each under a name used once: a template's
/// parametric definition (`unit bu(c1, c2, c3, stride=1) in c1 { … }`), or for a unit without a
/// template its own body as a definition without parameters (`unit outer() in 2 { … }`), shared by
/// units whose bodies print the same; a second body under the same name becomes `outer_2`.
struct DefinitionTable {
    private(set) var lines: [String] = []
    /// Names in use: definitions so far, and every word of the language.
    private var taken: Set<String> = Set(OperationKind.allCases.map(\.name) + Keyword.allCases.map(\.rawValue))
    private var templateNames: [UnitTemplate: String] = [:]
    private var bodyNames: [String: String] = [:]

    /// `stack (in/2) x bu(2, 6, 4, 2)` or `stack 16 x u(2, 4, 2), 8 x v(1, 2, 1)`.
    mutating func statement(for stack: Stack, inChannels: Int, printer: ArchPrinter) throws(ArchPrinter.Failure) -> String {
        var runs: [(call: String, count: Int, width: Int)] = []
        for unit in stack.units {
            let call = try self.call(for: unit, printer: printer)
            if let last = runs.last, last.call == call {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((call, 1, unit.width))
            }
        }
        if runs.count == 1, let run = runs.first, run.count * run.width == inChannels {
            return "stack (in/\(run.width)) x \(run.call)"
        }
        return "stack " + runs.map { "\($0.count) x \($0.call)" }.joined(separator: ", ")
    }

    /// `bu(2, 6, 4, 2)`: the template's name and the arguments, trailing defaults left out.
    mutating func call(for unit: Stack.Unit, printer: ArchPrinter) throws(ArchPrinter.Failure) -> String {
        guard let origin = unit.origin else { return try concrete(unit, printer: printer) + "()" }
        let name = define(origin.template)
        var arguments = origin.arguments
        let parameters = origin.template.parameters
        while let last = arguments.last, arguments.count <= parameters.count,
              parameters[arguments.count - 1].defaultValue == last {
            arguments.removeLast()
        }
        return "\(name)(\(arguments.map(String.init).joined(separator: ", ")))"
    }

    /// The name of a template's definition, writing the definition the first time.
    mutating func define(_ template: UnitTemplate) -> String {
        if let name = templateNames[template] { return name }
        let name = fresh(template.name)
        templateNames[template] = name
        let parameters = template.parameters.map { p in p.name + (p.defaultValue.map { "=\($0)" } ?? "") }
        var body: [String] = []
        for layer in template.layers {
            let statement = ArchStatement.layer(layer.operation, inChannels: 0, bindings: layer.bindings)
                + (layer.form == .function ? " fn" : "")
            if layer.operation.followsOnSameLine, let last = body.last {
                body[body.count - 1] = last + "; " + statement
            } else {
                body.append("  " + statement)
            }
        }
        lines.append("unit \(name)(\(parameters.joined(separator: ", "))) in \(ArchStatement.expression(template.inputWidth)) {")
        lines += body
        lines.append("}")
        return name
    }

    /// The name of a parameterless definition holding the unit's own body.
    mutating func concrete(_ unit: Stack.Unit, printer: ArchPrinter) throws(ArchPrinter.Failure) -> String {
        guard let regions = unit.graph.regions else { throw .notSeriesParallel(unit.name) }
        var body: [String] = []
        try printer.emit(regions, of: unit.graph, indent: "  ", into: &body, definitions: &self)
        let text = "in \(unit.width) {\n" + body.joined(separator: "\n") + (body.isEmpty ? "}" : "\n}")
        if let name = bodyNames[text] { return name }
        // The unit's own name when it is free, so that a printed file reads back with the same names.
        let name = fresh(unit.name)
        bodyNames[text] = name
        lines.append("unit \(name)() " + text)
        return name
    }

    /// `base` if unused, else `base_2`, `base_3`, … .
    mutating func fresh(_ base: String) -> String {
        let base = Self.identifier(base)
        var name = base
        var index = 1
        while taken.contains(name) {
            index += 1
            name = "\(base)_\(index)"
        }
        taken.insert(name)
        return name
    }

    /// A valid `.arch` name: letters, digits and `_`, not starting with a digit.
    static func identifier(_ text: String) -> String {
        var name = String(text.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) || s == "_" ? Character(s) : "_"
        })
        if name.isEmpty || name.first?.isNumber == true { name = "u_" + name }
        return name
    }
}
