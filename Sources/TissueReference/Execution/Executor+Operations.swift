import TissueKit

extension Executor {
    /// One node's kernel: the single exhaustive switch that maps operations to kernels.
    /// Kernels work out their output shapes themselves (``OutputSize``), never from the graph.
    func perform(_ operation: Operation, _ inputs: [Tensor], _ weights: LayerWeights) -> KernelOutput {
        let x = inputs[0]
        switch operation {
        case .input:
            return KernelOutput(x)
        case .convolution(let c):
            guard case .convolution(let w, let b) = weights else { preconditionFailure("conv without weights") }
            return ConvolutionKernel.run(c, input: x, weight: w, bias: b, context: context)
        case .linear(let l):
            guard case .linear(let w, let b) = weights else { preconditionFailure("linear without weights") }
            return LinearKernel.run(l, input: x, weight: w, bias: b, context: context)
        case .batchNorm:
            guard case .batchNorm(let p) = weights else { preconditionFailure("bn without weights") }
            return ElementwiseKernels.batchNorm(x, p, context: context)
        case .activation(let a):
            return ElementwiseKernels.activation(a, x, context: context)
        case .softmax:
            return ElementwiseKernels.softmax(x)
        case .dropout:
            // Identity at inference: the output is the input's storage.
            return KernelOutput(x)
        case .flatten:
            return LayoutKernels.flatten(x)
        case .globalAveragePool:
            return PoolingKernels.globalAverage(x)
        case .pool(let p):
            return p.kind == .max
                ? PoolingKernels.max(p, x, context: context)
                : PoolingKernels.average(p, x, context: context)
        case .channelShuffle(let groups):
            return LayoutKernels.shuffle(x, groups: groups)
        case .add:
            return ElementwiseKernels.add(inputs[0], inputs[1], context: context)
        case .concat:
            return LayoutKernels.concat(inputs)
        case .stack:
            preconditionFailure("stacks run in Executor.runStack")
        }
    }
}
