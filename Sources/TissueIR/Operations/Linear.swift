/// A fully connected layer, as `nn.Linear(in, out, bias)`, over the feature axis (the last axis
/// of tokens). The input width is the producer's.
public struct Linear: Sendable, Hashable {
    public var outFeatures: Int
    public var bias: Bool
    /// The weight is the network's embedding table (GPT-2's output projection tied to its token
    /// embedding): it costs its multiply-accumulates but holds no parameters of its own.
    public var tied: Bool

    public init(outFeatures: Int, bias: Bool = true, tied: Bool = false) {
        self.outFeatures = outFeatures
        self.bias = bias
        self.tied = tied
    }
}
