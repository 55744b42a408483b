/// What every kernel runs with: the workers to split across, the GEMM inner kernel, and the
/// pass's one scratch buffer. A context serves one kernel at a time (its scratch is reused by each
/// call); concurrent passes each make their own.
public struct KernelContext: Sendable {
    public var workers: Workers
    /// The GEMM inner kernel; nil chooses per product shape (``Microkernel/best(rows:columns:)``).
    public var microkernel: Microkernel?
    public var scratch: Scratch

    public init(workers: Workers = .available, microkernel: Microkernel? = nil, scratch: Scratch = Scratch()) {
        self.workers = workers
        self.microkernel = microkernel
        self.scratch = scratch
    }
}

extension KernelContext {
    /// The GEMM inner kernel for a product with `m` rows and `n` columns.
    func microkernel(rows m: Int, columns n: Int) -> Microkernel {
        microkernel ?? .best(rows: m, columns: n)
    }

    /// The workers for a kernel doing about `work` operations: one when waking the others would
    /// take longer than the work itself.
    func workers(forWork work: Int) -> Workers {
        work < 1 << 16 ? .single : workers
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
