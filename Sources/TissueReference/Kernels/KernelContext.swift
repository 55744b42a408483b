/// What every kernel runs with: the workers to split across, the GEMM inner kernel, and the
/// pass's one scratch buffer.
public struct KernelContext: Sendable {
    public var workers: Workers
    public var microkernel: Microkernel
    public var scratch: Scratch

    public init(workers: Workers = .available, microkernel: Microkernel = .fastest, scratch: Scratch = Scratch()) {
        self.workers = workers
        self.microkernel = microkernel
        self.scratch = scratch
    }
}

/// A kernel's result: the tensor it produced and the multiply-accumulates it executed, counted
/// from the extents of the loops that ran (never from a cost formula).
public struct KernelOutput: Sendable {
    public var tensor: Tensor
    public var macs: Int

    public init(_ tensor: Tensor, macs: Int = 0) {
        self.tensor = tensor
        self.macs = macs
    }
}

extension Array where Element == Float {
    /// An array of `count` floats filled by `body` through a pointer (no zeroing pass first).
    init(count: Int, filling body: (UnsafeMutablePointer<Float>) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { body(base) }
            initialized = count
        }
    }
}
