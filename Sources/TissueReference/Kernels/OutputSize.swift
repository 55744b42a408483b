import TissueIR

/// Output sizes as the kernels compute them, written from PyTorch's ATen sources independently of
/// the engine's shape inference, so that a disagreement between the two shows up in `verify`.
enum OutputSize {
    /// `conv_output_size` (ATen `Convolution.cpp`): `⌊(n + 2p − d·(k−1) − 1) / s⌋ + 1`.
    static func convolution(_ n: Int, kernel k: Int, stride s: Int, padding p: Int, dilation d: Int) -> Int {
        let span = n + 2 * p - d * (k - 1) - 1
        return span < 0 ? 0 : span / s + 1
    }

    /// `pooling_output_shape` (ATen `Pool.h`): `div_rtn(n + 2p − (k−1) − 1 + (ceil ? s−1 : 0), s) + 1`,
    /// then in ceil mode one less if the last window would start at or past `n + p`.
    static func pooling(_ n: Int, kernel k: Int, stride s: Int, padding p: Int, ceil: Bool) -> Int {
        let numerator = n + 2 * p - (k - 1) - 1 + (ceil ? s - 1 : 0)
        // div_rtn rounds toward negative infinity.
        var quotient = numerator / s
        if numerator % s != 0 && numerator < 0 { quotient -= 1 }
        var out = quotient + 1
        if ceil && (out - 1) * s >= n + p { out -= 1 }
        return max(out, 0)
    }

    static func convolution(_ c: Convolution.Resolved, _ input: TensorShape) -> TensorShape {
        .image(channels: c.outChannels,
               height: convolution(input.height, kernel: c.kernel.height, stride: c.stride.height,
                                   padding: c.padding.height, dilation: c.dilation.height),
               width: convolution(input.width, kernel: c.kernel.width, stride: c.stride.width,
                                  padding: c.padding.width, dilation: c.dilation.width))
    }

    static func pooling(_ p: Pool, _ input: TensorShape) -> TensorShape {
        .image(channels: input.channels,
               height: pooling(input.height, kernel: p.kernel.height, stride: p.stride.height,
                               padding: p.padding.height, ceil: p.ceil),
               width: pooling(input.width, kernel: p.kernel.width, stride: p.stride.width,
                              padding: p.padding.width, ceil: p.ceil))
    }
}
