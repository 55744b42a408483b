import TissueIR

/// Convolution with one input channel per group (depthwise, possibly with a channel multiplier
/// `m = Cout/Cin`), computed directly:
///
///     y[o, oy, ox] = b[o] + Σ_{ky<kh} Σ_{kx<kw} W[o, 0, ky, kx] · x̂[⌊o/m⌋, oy·sh + ky·dh, ox·sw + kx·dw]
///
/// where `x̂` is the input channel copied into a scratch plane with `ph`, `pw` zeros on each side,
/// so every tap (padding included) is one multiply-add without a bounds test. Output channels
/// are split across workers; the taps of one output row are vectorised along `ox` at stride 1.
enum DepthwiseKernel {
    static func run(_ conv: Convolution.Resolved, input: Tensor, weight: [Float], bias: [Float]?,
                    output shape: TensorShape, context: KernelContext) -> KernelOutput {
        let multiplier = conv.outChannels / conv.inChannels
        let (height, width) = (input.shape.height, input.shape.width)
        let paddedHeight = height + 2 * conv.padding.height, paddedWidth = width + 2 * conv.padding.width
        let (outHeight, outWidth) = (shape.height, shape.width)
        let taps = conv.kernel.area
        let padded = paddedHeight * paddedWidth
        let workers = context.workers(forWork: shape.dimensions.reduce(1, *) * taps)
        let scratch = context.scratch.floats(workers.count * padded)
        let executed = UnsafeMutablePointer<Int>.allocate(capacity: workers.count)
        executed.initialize(repeating: 0, count: workers.count)
        defer { executed.deallocate() }
        let storage = [Float](count: shape.dimensions.reduce(1, *)) { out in
            input.storage.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    guard let x = x.baseAddress, let w = w.baseAddress else { return }
                    workers.split(conv.outChannels) { worker, channels in
                        let plane = scratch + worker * padded
                        var loaded = -1
                        var done = 0
                        for o in channels {
                            let c = o / multiplier
                            if c != loaded {
                                pad(x + c * height * width, height: height, width: width, padding: conv.padding,
                                    into: plane, paddedWidth: paddedWidth, paddedCount: padded)
                                loaded = c
                            }
                            let result = out + o * outHeight * outWidth
                            result.initialize(repeating: bias?[o] ?? 0, count: outHeight * outWidth)
                            for oy in 0..<outHeight {
                                let row = result + oy * outWidth
                                for tap in 0..<taps {
                                    let ky = tap / conv.kernel.width, kx = tap % conv.kernel.width
                                    let source = plane + (oy * conv.stride.height + ky * conv.dilation.height) * paddedWidth
                                        + kx * conv.dilation.width
                                    accumulate(w[o * taps + tap], source, stride: conv.stride.width, into: row, count: outWidth)
                                    done += outWidth
                                }
                            }
                        }
                        executed[worker] += done
                    }
                }
            }
        }
        let macs = (0..<workers.count).reduce(0) { $0 + executed[$1] }
        return KernelOutput(Tensor(shape: shape, storage: storage), macs: macs)
    }

    /// Copies one channel into the centre of a zeroed `(H+2ph)×(W+2pw)` plane.
    private static func pad(_ channel: UnsafePointer<Float>, height: Int, width: Int, padding: Pair,
                            into plane: UnsafeMutablePointer<Float>, paddedWidth: Int, paddedCount: Int) {
        plane.update(repeating: 0, count: paddedCount)
        for y in 0..<height {
            (plane + (y + padding.height) * paddedWidth + padding.width).update(from: channel + y * width, count: width)
        }
    }

    /// `row[i] += w · source[i·stride]` for `i < count`.
    @inline(__always)
    private static func accumulate(_ w: Float, _ source: UnsafePointer<Float>, stride: Int,
                                   into row: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        if stride == 1 {
            let wv = SIMD8<Float>(repeating: w)
            while i + 8 <= count {
                let s = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Float>.self)
                let r = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(row + i).storeBytes(of: r + wv * s, as: SIMD8<Float>.self)
                i += 8
            }
        }
        while i < count {
            row[i] += w * source[i * stride]
            i += 1
        }
    }
}
