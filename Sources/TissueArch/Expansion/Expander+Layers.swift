import TissueDiagnostics
import TissueIR
import TissueNumerics

extension Expander {
    /// Builds the operation a layer statement describes, with defaults filled in.
    func makeOperation(_ layer: Statement.Layer, at location: SourceLocation, in scope: Scope) throws(Diagnostic) -> Operation {
        let x = scope.currentShape
        func attribute(_ name: String) -> Expression? {
            layer.attributes.first { $0.name == name }?.value
        }
        func size(_ name: String, _ what: String, default value: Pair, minimum: Int = 1) throws(Diagnostic) -> Pair {
            guard let expression = attribute(name) else { return value }
            return try pair(expression, what, minimum: minimum, in: scope)
        }
        func flag(_ name: String, default value: Bool) throws(Diagnostic) -> Bool {
            guard let expression = attribute(name) else { return value }
            return try boolean(expression, in: scope)
        }
        func count(_ name: String, _ what: String, default value: Int) throws(Diagnostic) -> Int {
            guard let expression = attribute(name) else { return value }
            return try positiveInteger(expression, what, in: scope)
        }
        let keyword = layer.keyword
        func positional() throws(Diagnostic) -> Expression {
            guard let value = layer.positional else {
                throw Diagnostic(.missingPositional(keyword.rawValue, what: "value"), at: location, notes: scope.calls)
            }
            return value
        }

        switch keyword {
        case .conv, .dwconv:
            let kernel = try size("k", "the kernel size", default: .one)
            let dilation = try size("d", "the dilation", default: .one)
            let padding = try convolutionPadding(attribute("p"), kernel: kernel, dilation: dilation, in: scope)
            let filters: Convolution.Filters
            if keyword == .conv {
                let out = try positiveInteger(try positional(), "the number of output channels", in: scope)
                filters = .grouped(outChannels: out, groups: try count("g", "the number of groups", default: 1))
            } else {
                let multiplier = try count("m", "the channel multiplier", default: 1)
                do { _ = try Checked.multiply(x.channels, multiplier) } catch {
                    throw Diagnostic(.arithmeticOverflow, at: location, notes: scope.calls)
                }
                filters = .depthwise(multiplier: multiplier)
            }
            return .convolution(Convolution(filters: filters, kernel: kernel, stride: try size("s", "the stride", default: .one),
                                            padding: padding, dilation: dilation, bias: try flag("bias", default: true)))
        case .linear:
            let out = try positiveInteger(try positional(), "the number of output features", in: scope)
            return .linear(Linear(outFeatures: out, bias: try flag("bias", default: true), tied: try flag("tied", default: false)))
        case .bn: return .batchNorm
        case .relu: return .activation(.relu)
        case .relu6: return .activation(.relu6)
        case .leakyrelu: return .activation(.leakyrelu)
        case .sigmoid: return .activation(.sigmoid)
        case .tanh: return .activation(.tanh)
        case .hswish: return .activation(.hswish)
        case .hsigmoid: return .activation(.hsigmoid)
        case .silu: return .activation(.silu)
        case .gelu: return .activation(.gelu)
        case .softmax: return .softmax
        case .dropout: return .dropout
        case .flatten: return .flatten
        case .gap: return .globalAveragePool
        case .maxpool, .avgpool:
            let kernel = try size("k", "the window size", default: .one)
            return .pool(Pool(kind: keyword == .maxpool ? .max : .average, kernel: kernel,
                              stride: try size("s", "the stride", default: kernel),
                              padding: try size("p", "the padding", default: .zero, minimum: 0),
                              ceil: try flag("ceil", default: false)))
        case .shuffle:
            return .channelShuffle(groups: try count("g", "the number of groups", default: 1))
        case .layerscale: return .layerScale
        case .layernorm: return .layerNorm
        case .groupnorm: return .groupNorm(groups: try count("g", "the number of groups", default: 1))
        case .adaptiveavgpool: return .adaptiveAveragePool(try size("k", "the output size", default: .one))
        case .mean: return .mean(keepDimensions: try flag("keepdim", default: false))
        case .droppath: return .dropPath
        case .tokens: return .tokens
        case .channelslast: return .permute(to: .channelsLast)
        case .channelsfirst: return .permute(to: .channelsFirst)
        case .transpose: return .transpose
        case .classtoken: return .classToken
        case .posembed:
            return .positionEmbedding(positions: try attribute("n").map { e throws(Diagnostic) in
                try positiveInteger(e, "the number of positions", in: scope)
            }, lookup: try flag("lookup", default: false))
        case .select:
            guard let expression = attribute("i") else { return .selectToken(index: 0) }
            let index = try integer(expression, in: scope)
            guard index >= 0 else { throw Diagnostic(.negative("the token index", index), at: expression.location, notes: scope.calls) }
            return .selectToken(index: index)
        case .embedding:
            let vocabulary = try positiveInteger(try positional(), "the vocabulary size", in: scope)
            return .embedding(Embedding(vocabulary: vocabulary, width: try count("d", "the embedding width", default: 1)))
        case .mha:
            return .attention(Attention(heads: try count("heads", "the number of heads", default: 1),
                                        bias: try flag("bias", default: true), variant: .multihead))
        case .attention:
            return .attention(Attention(heads: try count("heads", "the number of heads", default: 1),
                                        bias: try flag("bias", default: true),
                                        variant: .projected(causal: try flag("causal", default: false),
                                                            fused: try flag("sdpa", default: false))))
        case .windowattention:
            let shift: Int
            if let expression = attribute("shift") {
                shift = try integer(expression, in: scope)
                guard shift >= 0 else { throw Diagnostic(.negative("the shift", shift), at: expression.location, notes: scope.calls) }
            } else {
                shift = 0
            }
            let window = try count("window", "the window size", default: 1)
            if shift >= window, let expression = attribute("shift") {
                throw Diagnostic(.invalidSetting(keyword.rawValue, setting: "shift", value: shift,
                                                 requirement: "smaller than the window \(window)"),
                                 at: expression.location, notes: scope.calls)
            }
            return .attention(Attention(heads: try count("heads", "the number of heads", default: 1),
                                        bias: try flag("bias", default: true), variant: .shiftedWindow(window: window, shift: shift)))
        case .patchmerge: return .patchMerging
        case .add, .concat, .mul, .matmul:
            // Written as the composites `residual` and `concat`; the parser never makes a layer of them.
            throw Diagnostic(.unknownOperation(keyword.rawValue, suggestion: nil), at: location, notes: scope.calls)
        }
    }

    /// `p=N`, `p=AxB`, or `p=same`: half the dilated kernel, so that stride 1 keeps the size.
    func convolutionPadding(_ expression: Expression?, kernel: Pair, dilation: Pair,
                            in scope: Scope) throws(Diagnostic) -> Pair {
        guard let expression else { return .zero }
        if case .same = try evaluate(expression, in: scope) {
            var sides: [Int] = []
            for (k, d) in [(kernel.height, dilation.height), (kernel.width, dilation.width)] {
                let span: Int
                do { span = try Checked.multiply(d, k - 1) } catch {
                    throw Diagnostic(.arithmeticOverflow, at: expression.location, notes: scope.calls)
                }
                guard span % 2 == 0 else {
                    throw Diagnostic(.sameNeedsOddWindow(kernel: k, dilation: d), at: expression.location, notes: scope.calls)
                }
                sides.append(span / 2)
            }
            return Pair(sides[0], sides[1])
        }
        return try pair(expression, "the padding", minimum: 0, in: scope)
    }
}
