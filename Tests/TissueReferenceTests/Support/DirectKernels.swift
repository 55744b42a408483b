import TissueIR

/// Plain, direct implementations of each operation, written from the PyTorch definitions with no
/// blocking, packing, vectorisation or threads, accumulating in Double. The optimised kernels are
/// checked against these.
enum DirectKernels {
    /// `F.conv2d`: out[o, y, x] = b[o] + Σ_c Σ_ky Σ_kx W[o, c, ky, kx] · in[g·Cin/G + c, y·sh − ph + ky·dh, x·sw − pw + kx·dw].
    static func conv2d(_ input: [Float], channels: Int, height: Int, width: Int, _ c: Convolution.Resolved,
                       weight: [Float], bias: [Float]?) -> (values: [Double], shape: [Int]) {
        let outHeight = (height + 2 * c.padding.height - c.dilation.height * (c.kernel.height - 1) - 1) / c.stride.height + 1
        let outWidth = (width + 2 * c.padding.width - c.dilation.width * (c.kernel.width - 1) - 1) / c.stride.width + 1
        let inPerGroup = channels / c.groups, outPerGroup = c.outChannels / c.groups
        var out = [Double](repeating: 0, count: c.outChannels * outHeight * outWidth)
        for o in 0..<c.outChannels {
            let group = o / outPerGroup
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var sum = Double(bias?[o] ?? 0)
                    for ci in 0..<inPerGroup {
                        for ky in 0..<c.kernel.height {
                            for kx in 0..<c.kernel.width {
                                let iy = y * c.stride.height - c.padding.height + ky * c.dilation.height
                                let ix = x * c.stride.width - c.padding.width + kx * c.dilation.width
                                guard iy >= 0, iy < height, ix >= 0, ix < width else { continue }
                                let w = weight[((o * inPerGroup + ci) * c.kernel.height + ky) * c.kernel.width + kx]
                                sum += Double(w) * Double(input[((group * inPerGroup + ci) * height + iy) * width + ix])
                            }
                        }
                    }
                    out[(o * outHeight + y) * outWidth + x] = sum
                }
            }
        }
        return (out, [c.outChannels, outHeight, outWidth])
    }

    /// `F.max_pool2d` / `F.avg_pool2d` (count_include_pad) with ceil mode, following ATen's loops:
    /// the window starts at `o·s − p`; its end is clipped to `n + p` for the divisor, then both
    /// ends are clipped to the input for the elements read.
    static func pool2d(_ input: [Float], channels: Int, height: Int, width: Int, _ p: Pool) -> (values: [Double], shape: [Int]) {
        func size(_ n: Int, _ k: Int, _ s: Int, _ pad: Int) -> Int {
            if !p.ceil { return (n + 2 * pad - k) / s + 1 }
            var out = (n + 2 * pad - k + s - 1) / s + 1
            if (out - 1) * s >= n + pad { out -= 1 }
            return out
        }
        let outHeight = size(height, p.kernel.height, p.stride.height, p.padding.height)
        let outWidth = size(width, p.kernel.width, p.stride.width, p.padding.width)
        var out = [Double](repeating: 0, count: channels * outHeight * outWidth)
        for c in 0..<channels {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    let y0 = oy * p.stride.height - p.padding.height, x0 = ox * p.stride.width - p.padding.width
                    let y1 = min(y0 + p.kernel.height, height + p.padding.height)
                    let x1 = min(x0 + p.kernel.width, width + p.padding.width)
                    let divisor = Double((y1 - y0) * (x1 - x0))
                    var best = -Double.infinity, sum = 0.0
                    for y in max(y0, 0)..<min(y1, height) {
                        for x in max(x0, 0)..<min(x1, width) {
                            let v = Double(input[(c * height + y) * width + x])
                            best = max(best, v)
                            sum += v
                        }
                    }
                    out[(c * outHeight + oy) * outWidth + ox] = p.kind == .max ? best : sum / divisor
                }
            }
        }
        return (out, [channels, outHeight, outWidth])
    }

    /// `C = A·B` for row-major A (m×k) and B (k×n).
    static func matmul(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
                c[i * n + j] = sum
            }
        }
        return c
    }

    /// `F.linear`: y[o] = b[o] + Σ_i W[o, i]·x[i].
    static func linear(_ x: [Float], weight: [Float], bias: [Float]?, outputs: Int) -> [Double] {
        (0..<outputs).map { o in
            (0..<x.count).reduce(Double(bias?[o] ?? 0)) { $0 + Double(weight[o * x.count + $1]) * Double(x[$1]) }
        }
    }
}
