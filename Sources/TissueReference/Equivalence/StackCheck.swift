import TissueIR
import TissueTransforms

/// A stacked layer compared with its dense counterpart on the same input: the stack's output
/// (split → units → concat) against the output of the engine's dense counterpart run with
/// ``BlockDiagonalCounterpart`` weights. The counterpart's executed parameters and MACs are also
/// checked against the engine's analytic counts for it.
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
    /// The counterpart's analytic counts (engine, standard convention) and what its pass allocated
    /// and executed; zeros when there is no counterpart.
    public var dense: (analytic: Cost, executedParams: Int, executedMACs: Int)

    /// True when the outputs agree within the relative tolerance and the counterpart's counts
    /// agree; a stack without a dense counterpart is not a disagreement.
    public var agrees: Bool {
        switch outcome {
        case .compared(let difference): difference.agrees(tolerance: tolerance) && denseCountsAgree
        case .noDenseCounterpart: true
        case .denseShapeMismatch: false
        }
    }

    public var denseCountsAgree: Bool {
        dense.analytic.params == dense.executedParams && dense.analytic.macs == dense.executedMACs
    }

    public init(outcome: Outcome, tolerance: Double, dense: (analytic: Cost, executedParams: Int, executedMACs: Int) = (.zero, 0, 0)) {
        self.outcome = outcome
        self.tolerance = tolerance
        self.dense = dense
    }

    /// Builds the counterpart from the stack's own unit weights and runs it on `input`.
    init(_ stack: Stack, weights: [NetworkWeights], input: Tensor, output: Tensor, executor: Executor,
         context: KernelContext) {
        // The engine's analytic counts first: a counterpart too large to hold is not allocated.
        let analytic: Cost
        switch stack.denseCounterpart(input: input.shape) {
        case .none(let reason):
            self.init(outcome: .noDenseCounterpart(reason: reason), tolerance: executor.tolerance)
            return
        case .dense(let graph):
            guard let cost = try? Analysis.analyze(graph, convention: .standard).1 else {
                self.init(outcome: .noDenseCounterpart(reason: "its counts overflow"), tolerance: executor.tolerance)
                return
            }
            analytic = cost
        }
        guard analytic.params <= executor.memoryLimit / MemoryLayout<Float>.stride else {
            self.init(outcome: .noDenseCounterpart(reason: "its \(analytic.params) weights exceed the memory limit"),
                      tolerance: executor.tolerance)
            return
        }
        let counterpart: BlockDiagonalCounterpart
        do {
            counterpart = try BlockDiagonalCounterpart(stack, input: input.shape, weights: weights)
        } catch {
            self.init(outcome: .noDenseCounterpart(reason: error.reason), tolerance: executor.tolerance)
            return
        }
        let memory = MemoryTracker()
        memory.retain(input)
        let run = executor.execute(counterpart.graph, counterpart.weights, input, memory, context)
        let outcome: Outcome
        if let denseOutput = run.output, denseOutput.shape == output.shape {
            outcome = .compared(Difference(output, denseOutput))
        } else {
            outcome = .denseShapeMismatch(run.output?.shape)
        }
        self.init(outcome: outcome, tolerance: executor.tolerance,
                  dense: (analytic, counterpart.weights.parameterCount, run.records.reduce(0) { $0 + $1.macs }))
    }
}
