import TissueIR

/// Products of two activations, and of activations by weights over many positions, through the
/// cache-blocked ``GEMM``: `C[m×n] = A[m×k]·B[k×n]`, all row-major.
enum MatrixProduct {
    /// `c = a·b`; returns the multiply-accumulates executed.
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                         m: Int, n: Int, k: Int, context: KernelContext) -> Int {
        c.update(repeating: 0, count: m * n)
        let kernel = context.microkernel(rows: m, columns: n)
        let workers = context.workers(forWork: m * n * k)
        let scratch = context.scratch.floats(GEMM.scratchCount(m: m, n: n, k: k, kernel: kernel, workers: workers))
        return GEMM.multiply(m: m, n: n, k: k, a: a, lda: k, b: .matrix(b, rowStride: n), c: c, ldc: n,
                             kernel: kernel, workers: workers, scratch: scratch)
    }

    /// `y[j, i] = x[i, j]` for an `rows × columns` matrix.
    static func transpose(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            for j in 0..<columns { y[j * rows + i] = x[i * columns + j] }
        }
    }

    /// `x·Wᵀ + b` for `positions` rows of `inputs` features: `nn.Linear` over the last axis,
    /// `W` of `[outputs, inputs]` as PyTorch stores it. Returns the output rows and the MACs.
    static func linear(_ x: [Float], positions: Int, inputs: Int, weight: [Float], bias: [Float]?, outputs: Int,
                       context: KernelContext) -> (values: [Float], macs: Int) {
        var macs = 0
        var transposed = [Float](repeating: 0, count: inputs * outputs)
        weight.withUnsafeBufferPointer { w in
            transposed.withUnsafeMutableBufferPointer { t in
                guard let w = w.baseAddress, let t = t.baseAddress else { return }
                transpose(w, rows: outputs, columns: inputs, into: t)
            }
        }
        let values = [Float](count: positions * outputs) { y in
            x.withUnsafeBufferPointer { a in
                transposed.withUnsafeBufferPointer { b in
                    guard let a = a.baseAddress, let b = b.baseAddress else {
                        y.initialize(repeating: 0, count: positions * outputs)
                        return
                    }
                    y.initialize(repeating: 0, count: positions * outputs)
                    macs = multiply(a, b, into: y, m: positions, n: outputs, k: inputs, context: context)
                }
            }
            if let bias {
                for p in 0..<positions {
                    for o in 0..<outputs { y[p * outputs + o] += bias[o] }
                }
            }
        }
        return (values, macs)
    }
}

/// `torch.matmul(a, b)` of two activations: `[…, n, k] × […, k, m] → […, n, m]`, the leading
/// axes broadcast, one GEMM per batch entry.
public enum MatmulKernel {
    public static func run(_ a: Tensor, _ b: Tensor, context: KernelContext) -> KernelOutput {
        let x = a.shape.dimensions, y = b.shape.dimensions
        let n = x[x.count - 2], k = x[x.count - 1], m = y[y.count - 1]
        let batchA = Array(x.dropLast(2)), batchB = Array(y.dropLast(2))
        let rank = max(batchA.count, batchB.count)
        let paddedA = Array(repeating: 1, count: rank - batchA.count) + batchA
        let paddedB = Array(repeating: 1, count: rank - batchB.count) + batchB
        let batch = zip(paddedA, paddedB).map { max($0, $1) }
        let entries = batch.reduce(1, *)
        var macs = 0
        let storage = [Float](count: entries * n * m) { out in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress else {
                        out.initialize(repeating: 0, count: entries * n * m)
                        return
                    }
                    out.initialize(repeating: 0, count: entries * n * m)
                    var index = [Int](repeating: 0, count: rank)
                    for entry in 0..<entries {
                        var offsetA = 0, offsetB = 0
                        for axis in 0..<rank {
                            offsetA = offsetA * paddedA[axis] + (paddedA[axis] == 1 ? 0 : index[axis])
                            offsetB = offsetB * paddedB[axis] + (paddedB[axis] == 1 ? 0 : index[axis])
                        }
                        macs += MatrixProduct.multiply(pa + offsetA * n * k, pb + offsetB * k * m, into: out + entry * n * m,
                                                       m: n, n: m, k: k, context: context)
                        var axis = rank - 1
                        while axis >= 0 {
                            index[axis] += 1
                            if index[axis] < batch[axis] { break }
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        return KernelOutput(Tensor(shape: .tokens(batch + [n, m]), storage: storage), macs: macs)
    }
}
