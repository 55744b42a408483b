import TissueIR

/// A fully connected layer as `nn.Linear` computes it, `y[o] = b[o] + Σ_{i<in} W[o, i]·x[i]`,
/// one row dot product per output (a matrix-vector product: each weight is used once, so the
/// kernel is bound by reading W and needs no blocking). Rows are split across workers; each dot
/// product keeps 32 partial sums (lane `i mod 32`) that are added at the end, so a row's rounding
/// does not depend on how rows are split.
public enum LinearKernel {
    public static func run(_ linear: Linear, input: Tensor, weight: [Float], bias: [Float]?,
                           context: KernelContext) -> KernelOutput {
        let inputs = input.storage.count, outputs = linear.outFeatures
        let workers = context.workers(forWork: inputs * outputs)
        let executed = UnsafeMutablePointer<Int>.allocate(capacity: workers.count)
        executed.initialize(repeating: 0, count: workers.count)
        defer { executed.deallocate() }
        let storage = [Float](count: outputs) { y in
            input.storage.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    guard let x = x.baseAddress, let w = w.baseAddress else {
                        for o in 0..<outputs { y[o] = bias?[o] ?? 0 }
                        return
                    }
                    workers.split(outputs) { worker, rows in
                        for o in rows {
                            y[o] = (bias?[o] ?? 0) + dot(w + o * inputs, x, count: inputs)
                        }
                        executed[worker] += rows.count * inputs
                    }
                }
            }
        }
        let macs = (0..<workers.count).reduce(0) { $0 + executed[$1] }
        return KernelOutput(Tensor(shape: .vector(outputs), storage: storage), macs: macs)
    }

    /// `Σ a[i]·b[i]` with four 8-lane accumulators and a scalar tail.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i + 32 <= count {
            s0 += load(a + i) * load(b + i)
            s1 += load(a + i + 8) * load(b + i + 8)
            s2 += load(a + i + 16) * load(b + i + 16)
            s3 += load(a + i + 24) * load(b + i + 24)
            i += 32
        }
        var tail: Float = 0
        while i < count {
            tail += a[i] * b[i]
            i += 1
        }
        return ((s0 + s1) + (s2 + s3)).sum() + tail
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
}
