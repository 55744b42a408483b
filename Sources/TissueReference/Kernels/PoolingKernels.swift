import TissueIR

/// Pooling as `nn.MaxPool2d`, `nn.AvgPool2d` (`count_include_pad=True`) and
/// `nn.AdaptiveAvgPool2d(1)` compute it, ceil mode included (the output size comes from the
/// engine's shape inference). Windows start at `o·s − p`; they read only inside the input.
public enum PoolingKernels {
    /// `nn.MaxPool2d`: `y[c, oy, ox] = max` over the window clipped to the input (padding is −∞).
    public static func max(_ pool: Pool, _ input: Tensor, context: KernelContext) -> KernelOutput {
        windows(pool, input, OutputSize.pooling(pool, input.shape), context) { x, width, y0, y1, x0, x1, _ in
            var best = -Float.infinity
            for iy in y0..<y1 {
                for ix in x0..<x1 { best = Swift.max(best, x[iy * width + ix]) }
            }
            return best
        }
    }

    /// `nn.AvgPool2d`: the window's sum divided by its size clipped to the padded input,
    /// `(min(oy·s − p + k, H + p) − (oy·s − p)) · (the same along x)`, which counts padding but
    /// not the part of a ceil-mode window hanging past it.
    public static func average(_ pool: Pool, _ input: Tensor, context: KernelContext) -> KernelOutput {
        windows(pool, input, OutputSize.pooling(pool, input.shape), context) { x, width, y0, y1, x0, x1, divisor in
            var sum: Float = 0
            for iy in y0..<y1 {
                for ix in x0..<x1 { sum += x[iy * width + ix] }
            }
            return sum / Float(divisor)
        }
    }

    /// `nn.AdaptiveAvgPool2d(1)`: `y[c] = (Σ_{y,x} x[c, y, x]) / (H·W)`.
    public static func globalAverage(_ input: Tensor) -> KernelOutput {
        let plane = input.plane
        let storage = [Float](count: input.channels) { y in
            input.storage.withUnsafeBufferPointer { x in
                for c in 0..<input.channels {
                    var sum: Float = 0
                    for i in 0..<plane { sum += x[c * plane + i] }
                    y[c] = sum / Float(plane)
                }
            }
        }
        return KernelOutput(Tensor(shape: .image(channels: input.channels, height: 1, width: 1), storage: storage))
    }

    /// Output elements times the window area, saturated: only a hint for splitting the work
    /// (an area that overflows is refused by the analysis before anything runs).
    static func work(_ shape: TensorShape, _ pool: Pool) -> Int {
        let (work, overflow) = shape.dimensions.reduce(1, *).multipliedReportingOverflow(by: pool.kernel.area)
        return overflow ? Int.max : work
    }

    /// Calls `reduce(plane, W, y0, y1, x0, x1, divisor)` for every output position, with the
    /// window clipped to the input and the average-pool divisor; channels split across workers.
    private static func windows(_ pool: Pool, _ input: Tensor, _ shape: TensorShape, _ context: KernelContext,
                                _ reduce: (UnsafePointer<Float>, Int, Int, Int, Int, Int, Int) -> Float) -> KernelOutput {
        let (height, width) = (input.shape.height, input.shape.width)
        let (outHeight, outWidth) = (shape.height, shape.width)
        let storage = [Float](count: shape.dimensions.reduce(1, *)) { y in
            input.storage.withUnsafeBufferPointer { x in
                guard let x = x.baseAddress else { return }
                context.workers(forWork: Self.work(shape, pool)).split(input.channels) { _, channels in
                    for c in channels {
                        let plane = x + c * height * width
                        let out = y + c * outHeight * outWidth
                        for oy in 0..<outHeight {
                            let top = oy * pool.stride.height - pool.padding.height
                            let bottom = Swift.min(top + pool.kernel.height, height + pool.padding.height)
                            for ox in 0..<outWidth {
                                let left = ox * pool.stride.width - pool.padding.width
                                let right = Swift.min(left + pool.kernel.width, width + pool.padding.width)
                                let divisor = (bottom - top) * (right - left)
                                out[oy * outWidth + ox] = reduce(plane, width, Swift.max(top, 0), Swift.min(bottom, height),
                                                                 Swift.max(left, 0), Swift.min(right, width), divisor)
                            }
                        }
                    }
                }
            }
        }
        return KernelOutput(Tensor(shape: shape, storage: storage))
    }

    /// `nn.AdaptiveAvgPool2d((h, w))`: output row `i` averages input rows
    /// `⌊i·H/h⌋ ..< ⌈(i+1)·H/h⌉`, likewise for columns (ATen's `adaptive_avg_pool2d` bins).
    public static func adaptiveAverage(_ size: Pair, _ input: Tensor) -> KernelOutput {
        let (height, width) = (input.shape.height, input.shape.width)
        let shape = TensorShape.image(channels: input.channels, height: size.height, width: size.width)
        var storage = [Float](repeating: 0, count: input.channels * size.area)
        for c in 0..<input.channels {
            for oy in 0..<size.height {
                let y0 = oy * height / size.height, y1 = ((oy + 1) * height + size.height - 1) / size.height
                for ox in 0..<size.width {
                    let x0 = ox * width / size.width, x1 = ((ox + 1) * width + size.width - 1) / size.width
                    var sum: Float = 0
                    for iy in y0..<y1 {
                        for ix in x0..<x1 { sum += input.storage[(c * height + iy) * width + ix] }
                    }
                    storage[(c * size.height + oy) * size.width + ox] = sum / Float((y1 - y0) * (x1 - x0))
                }
            }
        }
        return KernelOutput(Tensor(shape: shape, storage: storage))
    }

    /// `x.mean([2, 3])`: one value per channel, as a vector or kept as C×1×1.
    public static func mean(_ input: Tensor, keepDimensions: Bool) -> KernelOutput {
        let pooled = globalAverage(input).tensor
        let shape: TensorShape = keepDimensions ? pooled.shape : .vector(input.channels)
        return KernelOutput(Tensor(shape: shape, storage: pooled.storage))
    }
}
