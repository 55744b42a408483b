/// The one scratch buffer of a forward pass: packed GEMM panels, padded depthwise planes and edge
/// tiles all live here. It grows to the largest request and is reused, so a pass never holds more
/// than one scratch allocation; ``peakBytes`` records its high-water mark.
public final class Scratch: @unchecked Sendable {
    private var base: UnsafeMutablePointer<Float>
    private var capacity: Int
    public private(set) var peakBytes = 0

    public init() {
        capacity = 0
        base = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    }

    deinit { base.deallocate() }

    /// At least `count` floats; the contents are unspecified. Valid until the next call.
    func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            base.deallocate()
            base = UnsafeMutablePointer<Float>.allocate(capacity: count)
            capacity = count
            peakBytes = max(peakBytes, count * MemoryLayout<Float>.stride)
        }
        return base
    }
}
