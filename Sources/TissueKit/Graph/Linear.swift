/// A fully connected layer, as `nn.Linear(inFeatures, outFeatures, bias)`.
public struct Linear: Sendable, Equatable {
    public var inFeatures: Int
    public var outFeatures: Int
    public var bias: Bool

    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.bias = bias
    }
}
