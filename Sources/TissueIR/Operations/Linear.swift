/// A fully connected layer, as `nn.Linear(in, out, bias)`. The input width is the producer's.
public struct Linear: Sendable, Hashable {
    public var outFeatures: Int
    public var bias: Bool

    public init(outFeatures: Int, bias: Bool = true) {
        self.outFeatures = outFeatures
        self.bias = bias
    }
}
