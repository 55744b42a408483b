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
    /// Elementwise sum of two inputs, broadcast (the residual join; `x + gate` for a C×1×1 gate).
    case add
    /// Concatenation of the inputs along their feature axis (`torch.cat(dim=1)` of maps, the
    /// width of tokens) or along the token axis of `N×D` sequences (`torch.cat(dim=1)` there).
    case concat(along: ConcatAxis)
    /// Elementwise product of two inputs, broadcast: squeeze-excitation's `input * gate`.
    case multiply
    /// A learned per-channel scale `γ·x` (ConvNeXt's layer scale): C parameters.
    case layerScale
    /// Layer normalisation over the channels of a map at each position (ConvNeXt's
    /// channels-last LayerNorm), or over the last axis of anything else; affine.
    case layerNorm
    /// Group normalisation (`nn.GroupNorm(groups, C)`), affine.
    case groupNorm(groups: Int)
    /// Adaptive average pooling to an output of the given height and width
    /// (`nn.AdaptiveAvgPool2d`); ``globalAveragePool`` is the 1×1 case.
    case adaptiveAveragePool(Pair)
    /// The mean over the spatial axes, `x.mean([2, 3])`: a vector of C, or C×1×1 when the
    /// dimensions are kept.
    case mean(keepDimensions: Bool)
    /// Stochastic depth (`torchvision.ops.StochasticDepth`): the identity at inference.
    case dropPath

    // Tokens and attention.

    /// A `C×H×W` map as a sequence of `H·W` tokens of width C, `x.flatten(2).transpose(1, 2)`
    /// (ViT's patchify after its strided convolution). A layout change, no arithmetic.
    case tokens
    /// A map between channels-first `C×H×W` and channels-last `H×W×C`
    /// (`x.permute(0, 2, 3, 1)` and back; Swin's `Permute`). No arithmetic.
    case permute(to: TensorShape.Layout)
    /// The last two axes swapped, `x.transpose(-2, -1)`. No arithmetic.
    case transpose
    /// A learned token prepended to a sequence (ViT's class token): `N×D → (N+1)×D`, D parameters.
    case classToken
    /// A learned positional embedding added to a sequence: `positions·D` parameters, where
    /// `positions` (at least the sequence length) defaults to the sequence length. `lookup`: the
    /// rows are read by an `nn.Embedding(positions, D)` module called on the positions (GPT-2's
    /// `wpe`) rather than a parameter tensor added by its container (ViT's `pos_embedding`); the
    /// same counts, but torchinfo sees a leaf module.
    case positionEmbedding(positions: Int?, lookup: Bool = false)
    /// One token of a sequence, `x[:, index]`: `N×D → D`.
    case selectToken(index: Int)
    /// An embedding lookup (`nn.Embedding(vocabulary, width)`): a vector of T token ids becomes
    /// `T×width` tokens.
    case embedding(Embedding)
    /// Multi-head self-attention over tokens (``Attention`` says which PyTorch implementation).
    case attention(Attention)
    /// The matrix product of two activations, `torch.matmul(a, b)`: `[…, n, k] × […, k, m] →
    /// […, n, m]`, the leading axes broadcast.
    case matmul
    /// Swin's patch merging gather: the four 2×2-strided sub-grids of an `H×W×C` map side by side,
    /// `⌈H/2⌉×⌈W/2⌉×4C` (odd sides padded). No arithmetic; the norm and the reduction that follow
    /// are their own layers.
    case patchMerging
}
