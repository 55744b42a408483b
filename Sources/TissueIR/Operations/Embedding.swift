/// An embedding table, `nn.Embedding(vocabulary, width)`: `vocabulary·width` parameters, a
/// lookup per token and no arithmetic.
public struct Embedding: Sendable, Hashable {
    public var vocabulary: Int
    public var width: Int

    public init(vocabulary: Int, width: Int) {
        self.vocabulary = vocabulary
        self.width = width
    }
}
