/// The closed set of computations a node can perform: each has a shape rule and a cost rule.
/// Structure (inputs, stacked layers) is not here but in ``NodeKind``, so every switch over this
/// enum is exhaustive with no arm that cannot happen. Each concern (shape, parameters, cost per
/// convention, naming) is one exhaustive switch, in its own file; `docs/architecture.md` lists them.
public enum Operation: Sendable, Hashable {
    case convolution(Convolution)
    case linear(Linear)
    /// Batch normalisation over channels (inference form; affine weight and bias).
    case batchNorm
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
}
