import TissueIR

extension Expander {
    /// The template a unit definition describes, when it is a plain sequence of layers whose
    /// settings are integers, parameters and arithmetic on them (`conv c2 k=3 s=stride p=1`), with
    /// integer defaults; nil for anything richer (composites, calls, `in`, `p=same` on a
    /// parameter's kernel, a parameter in a `HxW` size), which stays expanded unit by unit.
    mutating func template(for definition: Definition) -> UnitTemplate? {
        if let known = templates[definition.name] { return known }
        let template = Self.makeTemplate(definition, expander: self)
        templates[definition.name] = template
        return template
    }

    static func makeTemplate(_ definition: Definition, expander: Expander) -> UnitTemplate? {
        var parameters: [UnitTemplate.Parameter] = []
        var placeholders: [String: Value] = [:]
        for parameter in definition.parameters {
            var value: Int?
            if let written = parameter.defaultValue {
                guard let expression = TemplateExpression(written, parameters: []),
                      let constant = expression.evaluate([:]) else { return nil }
                value = constant
            }
            parameters.append(UnitTemplate.Parameter(parameter.name, default: value))
            // Settings given by parameters are overwritten when a unit is made; 1 keeps the rest valid.
            placeholders[parameter.name] = .integer(1)
        }
        let names = definition.parameters.map(\.name)
        guard let widthExpression = definition.inputWidth,
              let inputWidth = TemplateExpression(widthExpression, parameters: names) else { return nil }
        var layers: [UnitTemplate.Layer] = []
        var builder = GraphBuilder()
        let entry = builder.input(.image(channels: 1, height: 1, width: 1))
        let scope = Scope(builder: builder, current: entry, parameters: placeholders, path: NodePath(), chain: CallChain())
        for statement in definition.body {
            guard case .layer(let layer) = statement.kind, let bindings = bindings(of: layer, parameters: names) else {
                return nil
            }
            let operation: Operation
            do { operation = try expander.makeOperation(layer, at: statement.location, in: scope) } catch { return nil }
            layers.append(UnitTemplate.Layer(layer.keyword.rawValue, operation, bindings: bindings,
                                             form: layer.function ? .function : .module))
        }
        return UnitTemplate(name: definition.name, parameters: parameters, inputWidth: inputWidth, layers: layers)
    }

    /// The settings of a layer statement that depend on parameters; nil when one cannot be a
    /// template binding.
    static func bindings(of layer: Statement.Layer, parameters: [String]) -> [UnitTemplate.Binding]? {
        var bindings: [UnitTemplate.Binding] = []
        var symbolicWindow = false
        func bind(_ setting: Operation.Setting, _ expression: Expression) -> Bool {
            if case .same = expression { return !symbolicWindow }
            if case .boolean = expression { return true }
            if case .pair(let h, let w, _) = expression {
                // A `HxW` size must be constant.
                return TemplateExpression(h, parameters: []) != nil && TemplateExpression(w, parameters: []) != nil
            }
            guard let converted = TemplateExpression(expression, parameters: parameters) else { return false }
            if converted.evaluate([:]) == nil {
                bindings.append(UnitTemplate.Binding(setting, converted))
                if setting == .kernel || setting == .dilation { symbolicWindow = true }
            }
            return true
        }
        if let positional = layer.positional, !bind(.outputs, positional) { return nil }
        // The window comes first, so that `p=same` knows whether it is symbolic.
        let order: [(String, Operation.Setting?)] = [("k", .kernel), ("d", .dilation), ("s", .stride), ("p", .padding),
                                                     ("g", .groups), ("m", .multiplier), ("bias", nil), ("ceil", nil),
                                                     ("keepdim", nil)]
        // An adaptive pool's `k` is its output size, which no binding sets.
        if layer.keyword == .adaptiveavgpool, let k = layer.attributes.first(where: { $0.name == "k" }),
           TemplateExpression(k.value, parameters: []) == nil, !isPair(k.value) { return nil }
        for (name, setting) in order {
            guard let attribute = layer.attributes.first(where: { $0.name == name }) else { continue }
            if let setting {
                guard bind(setting, attribute.value) else { return nil }
            } else if case .boolean = attribute.value {
                continue
            } else {
                return nil
            }
        }
        // A pooling window given by a parameter with its stride left to default: the stride would
        // follow the window, which a binding cannot say.
        if layer.keyword == .maxpool || layer.keyword == .avgpool, symbolicWindow,
           !layer.attributes.contains(where: { $0.name == "s" }) {
            return nil
        }
        return bindings
    }
}

/// Whether an expression is an `AxB` size.
private func isPair(_ expression: Expression) -> Bool {
    if case .pair = expression { return true }
    return false
}

extension TemplateExpression {
    /// The expression over `parameters`; nil for `in`, unknown names, booleans, sizes and `same`.
    init?(_ expression: Expression, parameters: [String]) {
        switch expression {
        case .integer(let value, _):
            self = .integer(value)
        case .name(let name, _):
            guard parameters.contains(name) else { return nil }
            self = .parameter(name)
        case .negate(let inner, _):
            guard let inner = TemplateExpression(inner, parameters: parameters) else { return nil }
            self = .binary(.subtract, .integer(0), inner)
        case .binary(let op, let lhs, let rhs, _):
            guard let a = TemplateExpression(lhs, parameters: parameters),
                  let b = TemplateExpression(rhs, parameters: parameters) else { return nil }
            let converted: Operator = switch op {
            case .add: .add
            case .subtract: .subtract
            case .multiply: .multiply
            case .divide: .divide
            }
            self = .binary(converted, a, b)
        case .boolean, .same, .pair:
            return nil
        }
    }
}
