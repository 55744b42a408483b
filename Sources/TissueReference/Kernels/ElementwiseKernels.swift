#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TissueIR

/// Kernels that act on each element (or each channel's elements) on their own, in place: when the
/// executor hands over a tensor no later node reads, no new buffer is allocated (otherwise Swift's
/// copy-on-write makes the copy). None of them multiply-accumulates into a sum, so they execute
/// 0 MACs, as the standard convention counts.
public enum ElementwiseKernels {
    /// Batch normalisation in inference form, `nn.BatchNorm2d.eval()` (and `BatchNorm1d` on vectors):
    /// `y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c` with ε = 1e-5, applied as `y = x·s_c + t_c`
    /// with `s_c = γ_c/√(σ²_c + ε)` and `t_c = β_c − μ_c·s_c`.
    public static func batchNorm(_ tensor: inout Tensor, _ p: BatchNormWeights, context: KernelContext) {
        let plane = tensor.plane
        var scale = [Float](repeating: 0, count: p.gamma.count), shift = scale
        for c in 0..<p.gamma.count {
            scale[c] = p.gamma[c] / (p.variance[c] + BatchNormWeights.epsilon).squareRoot()
            shift[c] = p.beta[c] - p.mean[c] * scale[c]
        }
        update(&tensor, context: context, rowLength: plane) { x, y, start, count in
            // Ranges are split at channel boundaries (rowLength), so one (s, t) per run.
            var i = 0
            while i < count {
                let c = (start + i) / plane
                let end = min(count, (c + 1) * plane - start)
                let s = scale[c], t = shift[c]
                apply(x + i, y + i, end - i, { $0 * SIMD8(repeating: s) + SIMD8(repeating: t) }, { $0 * s + t })
                i = end
            }
        }
    }

    /// The activations as PyTorch defines them: relu `max(x,0)`; relu6 `min(max(x,0),6)`;
    /// leakyrelu `x>0 ? x : 0.01·x`; sigmoid `1/(1+e^−x)`; tanh; hsigmoid `relu6(x+3)/6`;
    /// hswish `x·relu6(x+3)/6`; silu `x·sigmoid(x)`; gelu (exact) `x·½·(1+erf(x/√2))`.
    public static func activation(_ kind: Activation, _ tensor: inout Tensor, context: KernelContext) {
        update(&tensor, context: context, rowLength: 1) { x, y, _, count in
            switch kind {
            case .relu:
                apply(x, y, count, { $0.replacing(with: 0, where: $0 .< 0) }, { max($0, 0) })
            case .relu6:
                apply(x, y, count, { $0.clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 6)) }, { min(max($0, 0), 6) })
            case .leakyrelu:
                apply(x, y, count, { $0.replacing(with: $0 * 0.01, where: $0 .<= 0) }, { $0 > 0 ? $0 : $0 * 0.01 })
            case .hsigmoid:
                apply(x, y, count, { hardSigmoid($0) }, { min(max($0 + 3, 0), 6) / 6 })
            case .hswish:
                apply(x, y, count, { $0 * hardSigmoid($0) }, { $0 * (min(max($0 + 3, 0), 6) / 6) })
            case .sigmoid:
                for i in 0..<count { y[i] = 1 / (1 + expf(-x[i])) }
            case .tanh:
                for i in 0..<count { y[i] = tanhf(x[i]) }
            case .silu:
                for i in 0..<count { y[i] = x[i] / (1 + expf(-x[i])) }
            case .gelu:
                for i in 0..<count { y[i] = x[i] * 0.5 * (1 + erff(x[i] * 0.70710678118654752)) }
            }
        }
    }

    /// Softmax over channels at every position: `y[c,s] = e^(x[c,s]−m_s) / Σ_c' e^(x[c',s]−m_s)`
    /// with `m_s = max_c x[c,s]` (subtracting the maximum changes nothing but avoids overflow).
    public static func softmax(_ tensor: inout Tensor) {
        let channels = tensor.channels, plane = tensor.plane
        let feature = tensor.featureStride, position = tensor.positionStride
        tensor.storage.withUnsafeMutableBufferPointer { x in
            for s in 0..<plane {
                let base = s * position
                var largest = -Float.infinity
                for c in 0..<channels { largest = max(largest, x[base + c * feature]) }
                var sum: Float = 0
                for c in 0..<channels {
                    let e = expf(x[base + c * feature] - largest)
                    x[base + c * feature] = e
                    sum += e
                }
                for c in 0..<channels { x[base + c * feature] /= sum }
            }
        }
    }

    /// The residual join `y = a + b`, written into `a`.
    public static func add(_ a: inout Tensor, _ b: Tensor, context: KernelContext) {
        b.storage.withUnsafeBufferPointer { other in
            guard let other = other.baseAddress else { return }
            let shared = UncheckedSendable(other)
            update(&a, context: context, rowLength: 1) { x, y, start, count in
                let z = shared.value + start
                var i = 0
                while i + 8 <= count {
                    store(load(x + i) + load(z + i), y + i)
                    i += 8
                }
                while i < count {
                    y[i] = x[i] + z[i]
                    i += 1
                }
            }
        }
    }

    // MARK: Helpers

    private static func hardSigmoid(_ v: SIMD8<Float>) -> SIMD8<Float> {
        (v + 3).clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 6)) / 6
    }

    /// `y = f(x)` over `count` elements: 8 lanes at a time, then one by one.
    @inline(__always)
    private static func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int,
                              _ vector: (SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float) -> Float) {
        var i = 0
        while i + 8 <= count {
            store(vector(load(x + i)), y + i)
            i += 8
        }
        while i < count {
            y[i] = scalar(x[i])
            i += 1
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Runs `body(x + start, y + start, start, count)` in place (`x` and `y` are the same
    /// elements) over ranges of the tensor, split across workers at multiples of `rowLength` when
    /// the tensor is large enough to be worth it.
    static func update(_ tensor: inout Tensor, context: KernelContext, rowLength: Int,
                       _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void) {
        let total = tensor.count
        let rows = total / max(rowLength, 1)
        let workers = context.workers(forWork: total)
        tensor.storage.withUnsafeMutableBufferPointer { buffer in
            guard let y = buffer.baseAddress else { return }
            workers.split(rows) { _, range in
                let start = range.lowerBound * rowLength
                let end = range.upperBound == rows ? total : range.upperBound * rowLength
                body(y + start, y + start, start, end - start)
            }
        }
    }
}
