import TissueIR

/// Elementwise operations of two tensors whose shapes broadcast (NumPy's rule, aligned from the
/// last axis): `a + b` and `a * b`. The common cases run in place without index arithmetic
/// (equal shapes: ``ElementwiseKernels/add(_:_:context:)``; a C×1×1 gate on a C×H×W map: one
/// factor per channel); anything else goes through per-axis strides.
public enum BroadcastKernels {
    public enum Kind: Sendable { case add, multiply }

    /// `a ∘ b`, broadcast.
    public static func apply(_ kind: Kind, _ a: Tensor, _ b: Tensor, context: KernelContext) -> KernelOutput {
        guard let shape = TensorShape.broadcast(a.shape, b.shape) else { return KernelOutput(a) }
        if a.shape == shape, b.shape == shape, kind == .add {
            var y = a
            ElementwiseKernels.add(&y, b, context: context)
            return KernelOutput(y)
        }
        let (map, gate) = a.shape == shape ? (a, b) : (b, a)
        if map.shape == shape, !map.shape.isChannelsLast, gate.count == map.channels, gate.shape.dimensions.first == map.channels {
            return KernelOutput(perChannel(kind, map, gate.storage))
        }
        return KernelOutput(general(kind, a, b, shape))
    }

    /// A map combined with one value per channel: squeeze-excitation's gate, a layer scale.
    static func perChannel(_ kind: Kind, _ map: Tensor, _ values: [Float]) -> Tensor {
        var y = map
        let plane = map.plane
        y.storage.withUnsafeMutableBufferPointer { out in
            for c in 0..<map.channels {
                let v = values[c]
                for i in (c * plane)..<((c + 1) * plane) {
                    out[i] = kind == .add ? out[i] + v : out[i] * v
                }
            }
        }
        return y
    }

    static func general(_ kind: Kind, _ a: Tensor, _ b: Tensor, _ shape: TensorShape) -> Tensor {
        let rank = shape.dimensions.count
        func strides(_ t: TensorShape) -> [Int] {
            let dims = Array(repeating: 1, count: rank - t.dimensions.count) + t.dimensions
            var result = [Int](repeating: 0, count: rank)
            var stride = 1
            for axis in (0..<rank).reversed() {
                result[axis] = dims[axis] == 1 ? 0 : stride
                stride *= dims[axis]
            }
            return result
        }
        let sa = strides(a.shape), sb = strides(b.shape)
        let total = shape.dimensions.reduce(1, *)
        var storage = [Float](repeating: 0, count: total)
        var index = [Int](repeating: 0, count: rank)
        for i in 0..<total {
            var ia = 0, ib = 0
            for axis in 0..<rank {
                ia += index[axis] * sa[axis]
                ib += index[axis] * sb[axis]
            }
            storage[i] = kind == .add ? a.storage[ia] + b.storage[ib] : a.storage[ia] * b.storage[ib]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape.dimensions[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: shape, storage: storage)
    }
}
