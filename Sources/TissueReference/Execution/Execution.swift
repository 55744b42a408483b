import TissueIR

/// The result of one reference forward pass.
public struct Execution: Sendable {
    /// The network's output; nil when a kernel produced a shape other than the graph's, which
    /// ends the pass (that node is then the last record).
    public var output: Tensor?
    /// Every node but the input that ran, in the graph's (topological) order.
    public var records: [NodeRecord]
    public var memory: MemoryUsage
    /// Wall time of the whole pass (stack checks excluded).
    public var seconds: Double

    public var completed: Bool { output != nil }
    public var macs: Int { records.reduce(0) { $0 + $1.macs } }
    public var parameters: Int { records.reduce(0) { $0 + $1.parameters } }
}

/// What one node did.
public struct NodeRecord: Sendable {
    public var path: NodePath
    public var kind: NodeKind
    /// The channels entering the node (for its name: `conv` or `dwconv`).
    public var inChannels: Int
    /// The shape of the tensor the kernel actually produced.
    public var output: TensorShape
    /// Multiply-accumulates the kernel executed, counted from its loop extents.
    public var macs: Int
    /// Trainable parameters the node allocated.
    public var parameters: Int
    /// Elapsed time of the kernel (for a stack: split, units and concat).
    public var seconds: Double
    /// For a stacked layer: every unit's records, in channel order.
    public var units: [UnitRecord]
    /// For a stacked layer: the comparison with its dense counterpart, when checks are on.
    public var stackCheck: StackCheck?
}

/// One executed basic unit of a stacked layer.
public struct UnitRecord: Sendable {
    public var name: String
    public var width: Int
    public var records: [NodeRecord]
}

/// Memory of a pass: weights (parameters and batch-norm buffers), the largest set of activations
/// alive at once, and the one scratch buffer. A tensor is freed after its last reader has run,
/// and views (flatten, dropout) share their input's storage.
public struct MemoryUsage: Sendable, Equatable {
    public var weightBytes: Int
    public var peakActivationBytes: Int
    public var scratchBytes: Int

    public var totalBytes: Int { weightBytes + peakActivationBytes + scratchBytes }
}

/// Why a pass cannot run.
public enum ReferenceError: Error, Sendable, Equatable {
    /// Weights and activations together would exceed the executor's memory limit.
    case tooLarge(bytes: Int, limit: Int)
    /// An operation the IR does not model: there is no kernel to run it.
    case unsupported(String)

    public var message: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            "the reference pass would need about \(bytes / 1_000_000) MB for weights and activations, "
                + "more than its limit of \(limit / 1_000_000) MB; try a smaller '--input'"
        case .unsupported(let name):
            "the network holds '\(name)', which tissue does not model, so the reference pass cannot run it"
        }
    }
}

/// Live activation bytes, counted once per storage buffer (views share their input's buffer).
final class MemoryTracker {
    private var references: [UInt: (count: Int, bytes: Int)] = [:]
    private var current = 0
    private(set) var peak = 0

    func retain(_ tensor: Tensor) {
        guard let key = Self.key(tensor) else { return }
        let entry = references[key] ?? (0, tensor.byteCount)
        if entry.count == 0 { add(entry.bytes) }
        references[key] = (entry.count + 1, entry.bytes)
    }

    func release(_ tensor: Tensor) {
        if let key = Self.key(tensor) { release(key: key) }
    }

    func release(key: UInt) {
        guard let entry = references[key] else { return }
        if entry.count <= 1 {
            references[key] = nil
            current -= entry.bytes
        } else {
            references[key] = (entry.count - 1, entry.bytes)
        }
    }

    /// Storage that is not (yet) a tensor, such as a stack's output while its units run.
    func add(_ bytes: Int) {
        current += bytes
        peak = max(peak, current)
    }

    func remove(_ bytes: Int) {
        current -= bytes
    }

    /// The identity of a tensor's storage buffer (nil when empty).
    static func key(_ tensor: Tensor) -> UInt? {
        tensor.storage.withUnsafeBufferPointer { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }
}
