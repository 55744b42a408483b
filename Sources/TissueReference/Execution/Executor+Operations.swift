import TissueIR

extension Executor {
    /// One node's kernel: the single exhaustive switch that maps operations to kernels.
    /// Kernels work out their output shapes themselves (``OutputSize``), never from the graph.
    /// Elementwise kernels update their first input in place: it is moved out of `inputs` first,
    /// so when the executor holds no other reference the update needs no new buffer.
    func perform(_ operation: Operation, _ inputs: inout [Tensor], _ weights: LayerWeights,
                 _ context: KernelContext) -> KernelOutput {
        switch operation {
        case .dropout, .dropPath:
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
        case .add where inputs[0].shape == inputs[1].shape:
            // The residual join of equal shapes updates its first input in place.
            var y = inputs.removeFirst()
            ElementwiseKernels.add(&y, inputs[0], context: context)
            return KernelOutput(y)
        case .add:
            return BroadcastKernels.apply(.add, inputs[0], inputs[1], context: context)
        case .multiply:
            return BroadcastKernels.apply(.multiply, inputs[0], inputs[1], context: context)
        case .layerScale:
            guard case .scale(let values) = weights else { preconditionFailure("layer scale without weights") }
            return KernelOutput(BroadcastKernels.perChannel(.multiply, inputs[0], values))
        case .layerNorm:
            guard case .normalization(let gamma, let beta) = weights else { preconditionFailure("norm without weights") }
            return KernelOutput(NormalizationKernels.layerNorm(inputs[0], gamma: gamma, beta: beta))
        case .groupNorm(let groups):
            guard case .normalization(let gamma, let beta) = weights else { preconditionFailure("norm without weights") }
            return KernelOutput(NormalizationKernels.groupNorm(inputs[0], groups: groups, gamma: gamma, beta: beta))
        case .adaptiveAveragePool(let size):
            return PoolingKernels.adaptiveAverage(size, inputs[0])
        case .mean(let keep):
            return PoolingKernels.mean(inputs[0], keepDimensions: keep)
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
