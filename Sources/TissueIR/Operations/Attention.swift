/// Multi-head self-attention over `N×D` tokens (or, for Swin, windows of an `H×W×C` map), with
/// `heads` heads of width `D/heads`. The three variants compute the same thing; they differ in
/// which PyTorch calls do it, which is what the counting tools see (docs/conventions.md).
///
/// Standard multiply-accumulates, L tokens (per window for Swin, with L = w² keys), width D:
/// projections `4·L·D²` (Q, K, V and the output), scores `Q·Kᵀ` `L²·D`, context `A·V` `L²·D`.
public struct Attention: Sendable, Hashable {
    public enum Variant: Sendable, Hashable {
        /// `nn.MultiheadAttention(D, heads, batch_first=True)` called as `attn(x, x, x,
        /// need_weights=False)` (ViT's encoder): packed in-projection `3D×D`, out-projection `D×D`.
        case multihead
        /// Projections by `nn.Linear` modules, `qkv` `D→3D` and `proj` `D→D`, around
        /// `torch.matmul` and `F.softmax` (GPT-2's eager attention, nanoGPT); `causal` masks
        /// future tokens; `fused` computes the middle with `F.scaled_dot_product_attention`.
        case projected(causal: Bool, fused: Bool)
        /// torchvision's `ShiftedWindowAttention` (Swin) on an `H×W×C` map: `window×window`
        /// windows (the map padded to a multiple), cyclically shifted by `shift`, with a learned
        /// relative position bias of `(2·window−1)²·heads` parameters.
        case shiftedWindow(window: Int, shift: Int)
    }

    public var heads: Int
    /// Biases of the projections (all of them, as `bias=` of `nn.MultiheadAttention`).
    public var bias: Bool
    public var variant: Variant

    public init(heads: Int, bias: Bool = true, variant: Variant) {
        self.heads = heads
        self.bias = bias
        self.variant = variant
    }

    /// Whether each token sees only itself and the tokens before it.
    public var isCausal: Bool {
        switch variant {
        case .projected(let causal, _): causal
        case .multihead, .shiftedWindow: false
        }
    }
}
