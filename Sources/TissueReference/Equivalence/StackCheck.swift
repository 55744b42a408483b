import TissueKit

/// A stacked layer compared with its ``DenseCounterpart`` on the same input: the stack's output
/// (split → units → concat) against the dense layers' output.
public struct StackCheck: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Both ran; how far apart their outputs are.
        case compared(Difference)
        /// The units' structures differ (or mix channels), so there is nothing to compare with.
        case noDenseCounterpart(reason: String)
        /// The dense counterpart was built but did not produce the stack's output shape.
        case denseShapeMismatch(TensorShape?)
    }

    public var outcome: Outcome
    public var tolerance: Double
    /// Parameters the dense counterpart allocated (zeros outside the blocks included).
    public var denseParameters: Int
    /// Multiply-accumulates the dense counterpart executed.
    public var denseMACs: Int

    /// True when the outputs agree within the relative tolerance; a stack without a dense
    /// counterpart is not a disagreement.
    public var agrees: Bool {
        switch outcome {
        case .compared(let difference): difference.agrees(tolerance: tolerance)
        case .noDenseCounterpart: true
        case .denseShapeMismatch: false
        }
    }

    public init(outcome: Outcome, tolerance: Double, denseParameters: Int = 0, denseMACs: Int = 0) {
        self.outcome = outcome
        self.tolerance = tolerance
        self.denseParameters = denseParameters
        self.denseMACs = denseMACs
    }

    /// Builds the dense counterpart from the stack's own unit weights and runs it on `input`.
    init(_ stack: Stack, weights: [NetworkWeights], input: Tensor, output: Tensor, executor: Executor) {
        let dense: DenseCounterpart
        do {
            dense = try DenseCounterpart(stack, weights: weights)
        } catch {
            self.init(outcome: .noDenseCounterpart(reason: error.reason), tolerance: executor.tolerance)
            return
        }
        let memory = MemoryTracker()
        memory.retain(input)
        let run = executor.execute(dense.graph, dense.weights, input, memory)
        let outcome: Outcome
        if let denseOutput = run.output, denseOutput.shape == output.shape {
            outcome = .compared(Difference(output, denseOutput))
        } else {
            outcome = .denseShapeMismatch(run.output?.shape)
        }
        self.init(outcome: outcome, tolerance: executor.tolerance, denseParameters: dense.weights.parameterCount,
                  denseMACs: run.records.reduce(0) { $0 + $1.macs })
    }
}
