import TissueIR

/// One sample's activations (batch 1) as float32, row-major in the shape's order: `[C, H, W]` for
/// feature maps (element `(c, y, x)` at `(c·H + y)·W + x`), `[N]` for vectors, `[N, D]` for
/// tokens (element `(n, d)` at `n·D + d`). ``featureStride`` and ``positionStride`` say where
/// feature `c` of position `s` lies whichever the layout.
public struct Tensor: Sendable, Equatable {
    public var shape: TensorShape
    public var storage: [Float]

    /// A tensor over existing values; `storage.count` must equal the shape's element count.
    public init(shape: TensorShape, storage: [Float]) {
        precondition(storage.count == shape.dimensions.reduce(1, *), "storage does not match \(shape)")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of zeros.
    public init(zeros shape: TensorShape) {
        self.init(shape: shape, storage: [Float](repeating: 0, count: shape.dimensions.reduce(1, *)))
    }

    /// A tensor whose elements are drawn uniformly from `range` by `generator`, in storage order.
    public init(uniform shape: TensorShape, in range: ClosedRange<Float>, using generator: inout Xoshiro256) {
        self.init(shape: shape, storage: generator.uniformArray(count: shape.dimensions.reduce(1, *), in: range))
    }

    public var count: Int { storage.count }
    public var channels: Int { shape.channels }
    /// Elements per channel: H·W, the tokens of a sequence, or 1 for a vector.
    public var plane: Int { shape.spatialSize }
    /// Feature `c` of position `s` is at `c·featureStride + s·positionStride`.
    public var featureStride: Int { shape.isChannelsLast ? 1 : plane }
    public var positionStride: Int { shape.isChannelsLast ? channels : 1 }

    /// Bytes of float32 storage.
    public var byteCount: Int { storage.count * MemoryLayout<Float>.stride }

    /// The channels `[start, start + count)` as a tensor of their own (a copy).
    public func channels(_ start: Int, count: Int) -> Tensor {
        let size = plane
        guard shape.isChannelsLast else {
            return Tensor(shape: shape.with(channels: count), storage: Array(storage[(start * size)..<((start + count) * size)]))
        }
        var values: [Float] = []
        values.reserveCapacity(size * count)
        for s in 0..<size { values.append(contentsOf: storage[(s * channels + start)..<(s * channels + start + count)]) }
        return Tensor(shape: shape.with(channels: count), storage: values)
    }
}

/// How far two tensors are apart: the largest absolute difference, and that difference relative
/// to the largest magnitude in the reference, `max|a−b| / max|b|` (0 when both are all zeros).
public struct Difference: Sendable, Equatable {
    public var maxAbsolute: Double
    public var maxRelative: Double

    public init(_ actual: Tensor, _ reference: Tensor) {
        precondition(actual.count == reference.count, "compared tensors differ in size")
        var largest = 0.0, scale = 0.0
        for i in 0..<actual.count {
            let a = Double(actual.storage[i]), b = Double(reference.storage[i])
            // NaN compares false, so it must be caught explicitly to make the check fail.
            let difference = a.isNaN || b.isNaN ? .infinity : abs(a - b)
            largest = max(largest, difference)
            scale = max(scale, abs(b))
        }
        maxAbsolute = largest
        maxRelative = largest == 0 ? 0 : scale == 0 ? .infinity : largest / scale
    }

    public func agrees(tolerance: Double) -> Bool { maxRelative <= tolerance }
}
