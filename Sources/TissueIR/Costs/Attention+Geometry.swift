import TissueNumerics

extension Attention {
    /// The sizes an attention's cost depends on, on a given input.
    public struct Geometry: Sendable, Hashable {
        /// Tokens attended over in all: the sequence, or the padded map's `Hp·Wp` positions.
        public var tokens: Int
        /// Keys each query sees: the whole sequence, or one window's `w²`.
        public var keys: Int
        public var width: Int
        public var heads: Int
        /// Swin's shift after torchvision clears it for a window as large as the padded map.
        public var shifted: Bool

        /// `Q·Kᵀ` and `A·V` together: `2·T·keys·D`.
        func matmulMACs() throws(Checked.Overflow) -> Int { try Checked.product(2, tokens, keys, width) }
        /// The four projections: `4·T·D²`.
        func projectionMACs() throws(Checked.Overflow) -> Int { try Checked.product(4, tokens, width, width) }
        /// Elements of the attention matrices: `heads·T·keys`.
        func scoreElements() throws(Checked.Overflow) -> Int { try Checked.product(heads, tokens, keys) }
        /// Elements of a `T×D` activation.
        func tokenElements() throws(Checked.Overflow) -> Int { try Checked.multiply(tokens, width) }
    }

    /// The geometry on `input`: `N×D` tokens, or an `H×W×C` map cut into windows after padding
    /// each side up to a multiple of the window (`shifted_window_attention`, torchvision).
    public func geometry(on input: TensorShape) throws(Checked.Overflow) -> Geometry {
        let width = input.channels
        switch variant {
        case .multihead, .projected:
            let tokens = input.dimensions.first ?? 1
            return Geometry(tokens: tokens, keys: tokens, width: width, heads: heads, shifted: false)
        case .shiftedWindow(let window, let shift):
            let height = input.dimensions.first ?? 1, across = input.dimensions.count > 1 ? input.dimensions[1] : 1
            let paddedHeight = try Checked.multiply(window, (try Checked.add(height, window - 1)) / window)
            let paddedWidth = try Checked.multiply(window, (try Checked.add(across, window - 1)) / window)
            let shifted = shift > 0 && (window < paddedHeight || window < paddedWidth)
            return Geometry(tokens: try Checked.multiply(paddedHeight, paddedWidth), keys: try Checked.multiply(window, window),
                            width: width, heads: heads, shifted: shifted)
        }
    }

    /// Parameters: Q, K, V and output projections `4·D² (+ 4·D)`, and Swin's relative position
    /// bias table `(2w−1)²·heads`.
    func parameterCount(width: Int) throws(Checked.Overflow) -> Int {
        let projections = try Checked.add(try Checked.product(4, width, width), bias ? try Checked.multiply(4, width) : 0)
        switch variant {
        case .multihead, .projected:
            return projections
        case .shiftedWindow(let window, _):
            let side = try Checked.subtract(try Checked.multiply(2, window), 1)
            return try Checked.add(projections, try Checked.product(side, side, heads))
        }
    }

    /// `standard`: MACs are the projections and both matrix products; FLOPs add the bias adds
    /// (`4·T·D`), the query scaling (`T·D`), the softmax (`heads·T·(3·keys − 1)`), and for
    /// Swin the relative position bias and, when shifted, the mask (`heads·T·keys` each). The
    /// causal mask is a `masked_fill`: no arithmetic.
    func standardCost(on input: TensorShape) throws(Checked.Overflow) -> (macs: Int, flops: Int) {
        let g = try geometry(on: input)
        let macs = try Checked.add(try g.projectionMACs(), try g.matmulMACs())
        let tokenElements = try g.tokenElements()
        var flops = try Checked.multiply(2, macs)
        if bias { flops = try Checked.add(flops, try Checked.multiply(4, tokenElements)) }
        flops = try Checked.add(flops, tokenElements)
        let rows = try Checked.multiply(heads, g.tokens)
        flops = try Checked.add(flops, try Checked.multiply(rows, try Checked.subtract(try Checked.multiply(3, g.keys), 1)))
        if case .shiftedWindow = variant {
            let additions = g.shifted ? 2 : 1
            flops = try Checked.add(flops, try Checked.multiply(additions, try g.scoreElements()))
        }
        return (macs, flops)
    }

    /// thop 0.1.1 hooks only exact `nn.Linear` modules: it counts GPT-style `qkv` and `proj`
    /// (`4·T·D²`, no bias) and nothing of `nn.MultiheadAttention` or Swin's functional calls.
    func thopMACs(on input: TensorShape) throws(Checked.Overflow) -> Int {
        switch variant {
        case .projected: try geometry(on: input).projectionMACs()
        case .multihead, .shiftedWindow: 0
        }
    }

    /// fvcore, traced under `no_grad` in eval mode: `nn.MultiheadAttention` takes the fused fast
    /// path (`aten::_native_multi_head_attention`, unsupported: 0) when it has biases and an even
    /// number of heads, else `aten::linear` counts the projections (and the scaled-dot-product
    /// attention is unsupported). GPT-style attention: the projections, plus both matmuls unless
    /// fused. Swin: the functional projections and both matmuls.
    func fvcoreMACs(on input: TensorShape) throws(Checked.Overflow) -> Int {
        let g = try geometry(on: input)
        switch variant {
        case .multihead:
            return bias && heads % 2 == 0 ? 0 : try g.projectionMACs()
        case .projected(_, let fused):
            return try Checked.add(try g.projectionMACs(), fused ? 0 : try g.matmulMACs())
        case .shiftedWindow:
            return try Checked.add(try g.projectionMACs(), try g.matmulMACs())
        }
    }

    /// ptflops 0.7 (pytorch backend). `nn.MultiheadAttention`: its hook's formula
    /// `4·T·D² + 2·T²·D + heads·T²` plus `5·T·D` with biases or `2·T·D` without (the query
    /// scaling and an out-projection bias it always assumes). GPT-style: the `nn.Linear` hooks
    /// with their biases, then the patched `F.softmax` (`heads·T²`) and `torch.matmul` unless
    /// fused. Swin: only the patched `Tensor.matmul` and `F.softmax` (its projections are
    /// `F.linear`, which ptflops does not patch).
    func ptflopsMACs(on input: TensorShape, form: CallForm) throws(Checked.Overflow) -> Int {
        let g = try geometry(on: input)
        let functional = try Checked.add(try g.matmulMACs(), try g.scoreElements())
        switch variant {
        case .multihead:
            guard form == .module else { return 0 }
            let linear = try Checked.multiply(bias ? 5 : 2, try g.tokenElements())
            return try Checked.sum([try g.projectionMACs(), linear, functional])
        case .projected(_, let fused):
            let projections = form == .module
                ? try Checked.add(try g.projectionMACs(), bias ? try Checked.multiply(4, try g.tokenElements()) : 0) : 0
            return try Checked.add(projections, fused ? 0 : functional)
        case .shiftedWindow:
            return functional
        }
    }

    /// torchinfo 1.8 sees only the `nn.Linear` modules that are called: GPT-style `qkv` and
    /// `proj`, whose mult-adds are their parameter counts. `nn.MultiheadAttention` and Swin's
    /// `ShiftedWindowAttention` pass their projections' weights to functions, so no leaf module
    /// with parameters runs: 0.
    func torchinfoMACs(width: Int) throws(Checked.Overflow) -> Int {
        torchinfoMACsAreModules ? try parameterCount(width: width) : 0
    }

    /// Whether torchinfo sees the projections as called leaf modules (GPT-style attention).
    var torchinfoMACsAreModules: Bool {
        switch variant {
        case .projected: true
        case .multihead, .shiftedWindow: false
        }
    }
}
