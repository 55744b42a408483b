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
            let (w, b): ([Float], [Float]?)
            switch weights {
            case .linear(let weight, let bias), .tiedLinear(let weight, let bias): (w, b) = (weight, bias)
            case .none, .convolution, .batchNorm, .normalization, .scale, .table, .attention, .stack:
                preconditionFailure("linear without weights")
            }
            guard inputs[0].shape.isChannelsLast else {
                return LinearKernel.run(l, input: inputs[0], weight: w, bias: b, context: context)
            }
            let x = inputs[0]
            let product = MatrixProduct.linear(x.storage, positions: x.plane, inputs: x.channels, weight: w, bias: b,
                                               outputs: l.outFeatures, context: context)
            return KernelOutput(Tensor(shape: x.shape.with(channels: l.outFeatures), storage: product.values), macs: product.macs)
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
            guard inputs[0].shape.isChannelsLast else {
                return KernelOutput(BroadcastKernels.perChannel(.multiply, inputs[0], values))
            }
            return BroadcastKernels.apply(.multiply, inputs[0], Tensor(shape: .vector(values.count), storage: values),
                                          context: context)
        case .tokens:
            return TokenKernels.tokens(inputs[0])
        case .permute(let layout):
            return TokenKernels.permute(inputs[0], to: layout)
        case .transpose:
            return TokenKernels.transpose(inputs[0])
        case .classToken:
            guard case .table(let token) = weights else { preconditionFailure("class token without weights") }
            return TokenKernels.prependToken(inputs[0], token: token)
        case .positionEmbedding:
            guard case .table(let table) = weights else { preconditionFailure("positional embedding without weights") }
            return TokenKernels.addPositions(inputs[0], table: table)
        case .selectToken(let index):
            return TokenKernels.select(inputs[0], index: index)
        case .embedding(let e):
            guard case .table(let table) = weights else { preconditionFailure("embedding without weights") }
            return TokenKernels.embed(inputs[0], table: table, e)
        case .attention(let a):
            guard case .attention(let w) = weights else { preconditionFailure("attention without weights") }
            return AttentionKernel.run(a, input: inputs[0], weights: w, context: context)
        case .matmul:
            return MatmulKernel.run(inputs[0], inputs[1], context: context)
        case .patchMerging:
            return TokenKernels.mergePatches(inputs[0])
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
        case .concat(let axis):
            return LayoutKernels.concat(inputs, along: axis)
        }
    }
}
