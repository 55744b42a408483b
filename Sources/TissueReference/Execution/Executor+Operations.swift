import TissueIR

extension Executor {
    /// One node's kernel: the single exhaustive switch that maps operations to kernels.
    /// Kernels work out their output shapes themselves (``OutputSize``), never from the graph.
    /// Elementwise kernels update their first input in place: it is moved out of `inputs` first,
    /// so when the executor holds no other reference the update needs no new buffer.
    func perform(_ operation: Operation, _ inputs: inout [Tensor], _ weights: LayerWeights,
                 _ context: KernelContext) -> KernelOutput {
        switch operation {
        case .dropout:
            // Dropout is the identity at inference: the output is the input's storage.
            return KernelOutput(inputs[0])
        case .convolution(let c):
            guard case .convolution(let w, let b) = weights,
                  let resolved = try? c.resolved(inChannels: inputs[0].shape.channels) else {
                preconditionFailure("conv without weights")
            }
            return ConvolutionKernel.run(resolved, input: inputs[0], weight: w, bias: b, context: context)
        case .linear(let l):
            guard case .linear(let w, let b) = weights else { preconditionFailure("linear without weights") }
            return LinearKernel.run(l, input: inputs[0], weight: w, bias: b, context: context)
        case .batchNorm:
            guard case .batchNorm(let p) = weights else { preconditionFailure("bn without weights") }
            var y = inputs.removeFirst()
            ElementwiseKernels.batchNorm(&y, p, context: context)
            return KernelOutput(y)
        case .activation(let a):
            var y = inputs.removeFirst()
            ElementwiseKernels.activation(a, &y, context: context)
            return KernelOutput(y)
        case .softmax:
            var y = inputs.removeFirst()
            ElementwiseKernels.softmax(&y)
            return KernelOutput(y)
        case .add:
            var y = inputs.removeFirst()
            ElementwiseKernels.add(&y, inputs[0], context: context)
            return KernelOutput(y)
        case .flatten:
            return LayoutKernels.flatten(inputs[0])
        case .globalAveragePool:
            return PoolingKernels.globalAverage(inputs[0])
        case .pool(let p):
            return p.kind == .max
                ? PoolingKernels.max(p, inputs[0], context: context)
                : PoolingKernels.average(p, inputs[0], context: context)
        case .channelShuffle(let groups):
            return LayoutKernels.shuffle(inputs[0], groups: groups)
        case .concat:
            return LayoutKernels.concat(inputs)
        }
    }
}
