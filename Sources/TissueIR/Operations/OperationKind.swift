/// The one table that names operations: each kind's name (shown in the `op` column of every
/// report, and used by the `.arch` language as its keyword) and a one-line summary with its
/// PyTorch equivalent. Adding an operation adds a row here.
public enum OperationKind: String, Sendable, Hashable, CaseIterable {
    case conv, dwconv, linear, bn
    case relu, relu6, leakyrelu, sigmoid, tanh, hswish, hsigmoid, silu, gelu, softmax
    case dropout, flatten, gap, maxpool, avgpool, shuffle
    case add, concat, mul
    case layerscale, layernorm, groupnorm, adaptiveavgpool, mean, droppath

    public var name: String { rawValue }

    public var summary: String {
        switch self {
        case .conv: "2-D convolution (nn.Conv2d)"
        case .dwconv: "depthwise convolution, one filter group per input channel (nn.Conv2d, groups=in)"
        case .linear: "fully connected layer (nn.Linear)"
        case .bn: "batch normalisation, inference form (nn.BatchNorm2d / nn.BatchNorm1d)"
        case .relu: "max(x, 0) (nn.ReLU)"
        case .relu6: "min(max(x, 0), 6) (nn.ReLU6)"
        case .leakyrelu: "x or 0.01·x (nn.LeakyReLU)"
        case .sigmoid: "1/(1+e^−x) (nn.Sigmoid)"
        case .tanh: "hyperbolic tangent (nn.Tanh)"
        case .hswish: "x·relu6(x+3)/6 (nn.Hardswish)"
        case .hsigmoid: "relu6(x+3)/6 (nn.Hardsigmoid)"
        case .silu: "x·sigmoid(x) (nn.SiLU)"
        case .gelu: "x·Φ(x) (nn.GELU)"
        case .softmax: "softmax over channels (nn.Softmax(dim=1))"
        case .dropout: "identity at inference (nn.Dropout)"
        case .flatten: "to a vector (nn.Flatten)"
        case .gap: "global average pooling to C×1×1 (nn.AdaptiveAvgPool2d(1))"
        case .maxpool: "max pooling (nn.MaxPool2d)"
        case .avgpool: "average pooling (nn.AvgPool2d)"
        case .shuffle: "channel shuffle (ShuffleNet's channel_shuffle)"
        case .add: "elementwise sum of two inputs (x + y)"
        case .concat: "concatenation along channels (torch.cat(dim=1))"
        case .mul: "elementwise product of two inputs, broadcast (input * gate)"
        case .layerscale: "a learned per-channel scale γ·x (ConvNeXt's layer_scale)"
        case .layernorm: "layer normalisation over channels (ConvNeXt's LayerNorm2d; nn.LayerNorm over the last axis)"
        case .groupnorm: "group normalisation (nn.GroupNorm)"
        case .adaptiveavgpool: "adaptive average pooling to k×k (nn.AdaptiveAvgPool2d(k))"
        case .mean: "the mean over H and W (x.mean([2, 3]))"
        case .droppath: "stochastic depth, identity at inference (torchvision.ops.StochasticDepth)"
        }
    }
}

extension Activation {
    /// The activation's row in the table.
    public var kind: OperationKind {
        switch self {
        case .relu: .relu
        case .relu6: .relu6
        case .leakyrelu: .leakyrelu
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .hswish: .hswish
        case .hsigmoid: .hsigmoid
        case .silu: .silu
        case .gelu: .gelu
        }
    }
}

extension Pool.Kind {
    public var kind: OperationKind {
        switch self {
        case .max: .maxpool
        case .average: .avgpool
        }
    }
}

extension Operation {
    /// The operation's row in the table. A convolution is `dwconv` when it is depthwise on its
    /// input, however it was written.
    public func kind(inChannels: Int) -> OperationKind {
        switch self {
        case .convolution(let c):
            switch c.filters {
            case .depthwise: inChannels > 1 ? .dwconv : .conv
            case .grouped(let out, let groups):
                groups > 1 && groups == inChannels && out % inChannels == 0 ? .dwconv : .conv
            }
        case .linear: .linear
        case .batchNorm: .bn
        case .activation(let a): a.kind
        case .softmax: .softmax
        case .dropout: .dropout
        case .flatten: .flatten
        case .globalAveragePool: .gap
        case .pool(let p): p.kind.kind
        case .channelShuffle: .shuffle
        case .add: .add
        case .concat: .concat
        case .multiply: .mul
        case .layerScale: .layerscale
        case .layerNorm: .layernorm
        case .groupNorm: .groupnorm
        case .adaptiveAveragePool: .adaptiveavgpool
        case .mean: .mean
        case .dropPath: .droppath
        }
    }

    /// A short description for tables: the name plus the settings that differ from defaults,
    /// e.g. `conv 3x3 s2`, `maxpool 3x3 s2 ceil`, `shuffle g2`.
    public func summary(inChannels: Int) -> String {
        let name = kind(inChannels: inChannels).name
        switch self {
        case .convolution(let c):
            var parts = [name, "\(c.kernel.height)x\(c.kernel.width)"]
            if c.stride != .one { parts.append("s\(c.stride)") }
            if c.dilation != .one { parts.append("d\(c.dilation)") }
            if case .grouped(_, let groups) = c.filters, groups > 1, name != OperationKind.dwconv.name {
                parts.append("g\(groups)")
            }
            return parts.joined(separator: " ")
        case .pool(let p):
            var parts = [name, "\(p.kernel.height)x\(p.kernel.width)"]
            if p.stride != p.kernel { parts.append("s\(p.stride)") }
            if p.ceil { parts.append("ceil") }
            return parts.joined(separator: " ")
        case .channelShuffle(let groups), .groupNorm(let groups):
            return "\(name) g\(groups)"
        case .adaptiveAveragePool(let size):
            return "\(name) \(size.height)x\(size.width)"
        case .mean(let keep):
            return keep ? "\(name) keepdim" : name
        case .linear, .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .concat, .multiply,
             .layerScale, .layerNorm, .dropPath:
            return name
        }
    }
}
