/// A parametric unit: a sequence of layers whose settings may be expressions over integer
/// parameters, e.g. the paper's basic unit
///
///     bu(c1, c2, c3, stride=1) on c1 channels:
///         conv c2 3×3 stride s, bn, relu, conv c3 3×3, bn
///
/// A front end makes one from a written definition, a transform from its own rule; a stacked
/// layer's units remember theirs (``UnitOrigin``), so a back end can write `stack 32 x bu(2, 4, 4)`.
public struct UnitTemplate: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public let name: String
        public let defaultValue: Int?

        public init(_ name: String, default value: Int? = nil) {
            self.name = name
            self.defaultValue = value
        }
    }

    /// One layer: an operation, the settings that come from the parameters, and the base of its
    /// path component (`conv`, numbered `conv1`, `conv2` when it occurs more than once).
    public struct Layer: Sendable, Hashable {
        public let name: String
        public let operation: Operation
        public let bindings: [Binding]
        public let form: CallForm

        public init(_ name: String, _ operation: Operation, bindings: [Binding] = [], form: CallForm = .module) {
            self.name = name
            self.operation = operation
            self.bindings = bindings
            self.form = form
        }
    }

    /// A setting of a layer given by an expression.
    public struct Binding: Sendable, Hashable {
        public let setting: Operation.Setting
        public let expression: TemplateExpression

        public init(_ setting: Operation.Setting, _ expression: TemplateExpression) {
            self.setting = setting
            self.expression = expression
        }
    }

    public let name: String
    public let parameters: [Parameter]
    /// The width of the channel piece a unit takes.
    public let inputWidth: TemplateExpression
    public let layers: [Layer]

    public init(name: String, parameters: [Parameter], inputWidth: TemplateExpression, layers: [Layer]) {
        self.name = name
        self.parameters = parameters
        self.inputWidth = inputWidth
        self.layers = layers
    }

    /// Arguments by name, defaults filled in; nil when too many are given or one is missing.
    public func bind(_ arguments: [Int]) -> [String: Int]? {
        guard arguments.count <= parameters.count else { return nil }
        var bound: [String: Int] = [:]
        for (index, parameter) in parameters.enumerated() {
            if index < arguments.count {
                bound[parameter.name] = arguments[index]
            } else if let value = parameter.defaultValue {
                bound[parameter.name] = value
            } else {
                return nil
            }
        }
        return bound
    }

    /// A unit made with `arguments`, on a piece of `spatial`'s height and width, its nodes named
    /// under `path`.
    public func instantiate(_ arguments: [Int], spatial: TensorShape, path: NodePath) throws(GraphError) -> Stack.Unit {
        guard let bound = bind(arguments), let width = inputWidth.evaluate(bound), width >= 1 else {
            throw GraphError(.invalidSetting(operation: name, setting: "arguments", value: arguments.count), path: path)
        }
        var builder = GraphBuilder()
        var current = builder.input(spatial.with(channels: width), path: path.appending("input"))
        for (layer, component) in zip(layers, NodePath.componentNames(layers.map(\.name))) {
            var operation = layer.operation
            for binding in layer.bindings {
                guard let value = binding.expression.evaluate(bound), let set = operation.setting(binding.setting, to: value)
                else {
                    throw GraphError(.invalidSetting(operation: layer.name, setting: binding.setting.rawValue, value: 0),
                                     path: path.appending(component))
                }
                operation = set
            }
            current = try builder.add(operation, current, path: path.appending(component), form: layer.form)
        }
        builder.output(current)
        let graph = try builder.build()
        return Stack.Unit(name: name, graph: graph, origin: UnitOrigin(template: self, arguments: arguments))
    }
}

extension Operation {
    /// The settings a template may give by expression.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        /// Output channels of a convolution, output features of a linear layer.
        case outputs
        /// A convolution's groups.
        case groups
        /// A depthwise convolution's channel multiplier.
        case multiplier
        case kernel, stride, padding, dilation
    }

    /// The operation with one setting changed to a square `value`; nil when it has no such setting.
    public func setting(_ setting: Setting, to value: Int) -> Operation? {
        switch self {
        case .convolution(var c):
            switch setting {
            case .outputs, .groups:
                guard case .grouped(let out, let groups) = c.filters else { return nil }
                c.filters = setting == .outputs ? .grouped(outChannels: value, groups: groups)
                                                : .grouped(outChannels: out, groups: value)
            case .multiplier:
                guard case .depthwise = c.filters else { return nil }
                c.filters = .depthwise(multiplier: value)
            case .kernel: c.kernel = Pair(square: value)
            case .stride: c.stride = Pair(square: value)
            case .padding: c.padding = Pair(square: value)
            case .dilation: c.dilation = Pair(square: value)
            }
            return .convolution(c)
        case .linear(var l):
            guard setting == .outputs else { return nil }
            l.outFeatures = value
            return .linear(l)
        case .pool(var p):
            switch setting {
            case .kernel: p.kernel = Pair(square: value)
            case .stride: p.stride = Pair(square: value)
            case .padding: p.padding = Pair(square: value)
            case .outputs, .groups, .multiplier, .dilation: return nil
            }
            return .pool(p)
        case .channelShuffle:
            return setting == .groups ? .channelShuffle(groups: value) : nil
        case .groupNorm:
            return setting == .groups ? .groupNorm(groups: value) : nil
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .concat, .multiply,
             .layerScale, .layerNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens, .permute, .transpose, .classToken,
             .positionEmbedding, .selectToken, .embedding, .attention, .matmul, .patchMerging:
            return nil
        }
    }
}
