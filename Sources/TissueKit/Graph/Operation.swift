/// The closed set of operations a graph node can perform. Each concern (shape, parameters,
/// cost per convention, naming) is one exhaustive switch over this enum, in its own file.
public enum Operation: Sendable, Equatable {
    /// The network input; the first node of every graph.
    case input
    case convolution(Convolution)
    case linear(Linear)
    /// Batch normalisation over channels (inference form; affine weight and bias).
    case batchNorm(channels: Int)
    case activation(Activation)
    /// Softmax over the channel (or vector) dimension.
    case softmax
    /// Identity at inference.
    case dropout
    case flatten
    /// Global average pooling to C×1×1 (`nn.AdaptiveAvgPool2d(1)`).
    case globalAveragePool
    case pool(Pool)
    /// Channel shuffle (ShuffleNet): a permutation, no arithmetic.
    case channelShuffle(groups: Int)
    /// Elementwise sum of two inputs of equal shape (the residual join).
    case add
    /// Concatenation of the inputs along channels.
    case concat
    /// A stacked layer of independent basic units on consecutive channel pieces.
    case stack(Stack)

    /// The language keyword (or composite name) that reports show for this operation.
    public var name: String {
        switch self {
        case .input: "input"
        case .convolution(let c): c.isDepthwise ? "dwconv" : "conv"
        case .linear: "linear"
        case .batchNorm: "bn"
        case .activation(let a): a.rawValue
        case .softmax: "softmax"
        case .dropout: "dropout"
        case .flatten: "flatten"
        case .globalAveragePool: "gap"
        case .pool(let p): p.kind.rawValue
        case .channelShuffle: "shuffle"
        case .add: "add"
        case .concat: "concat"
        case .stack: "stack"
        }
    }
}

/// Pointwise nonlinearities, named as in the language.
public enum Activation: String, Sendable, CaseIterable {
    case relu, relu6, leakyrelu, sigmoid, tanh, hswish, hsigmoid, silu, gelu
}
