import TissueIR

/// Kernels that only move elements: no arithmetic, 0 MACs.
public enum LayoutKernels {
    /// Concatenation along channels (`torch.cat(dim=1)`). In NCHW order the result is the inputs'
    /// storage one after another; so is a concatenation of `N×D` sequences along their tokens.
    public static func concat(_ inputs: [Tensor], along axis: ConcatAxis = .channels) -> KernelOutput {
        var storage: [Float] = []
        storage.reserveCapacity(inputs.reduce(0) { $0 + $1.count })
        if axis == .tokens {
            for input in inputs { storage.append(contentsOf: input.storage) }
            let tokens = inputs.reduce(0) { $0 + $1.shape.dimensions[0] }
            return KernelOutput(Tensor(shape: .tokens([tokens, inputs[0].channels]), storage: storage))
        }
        if inputs[0].shape.isChannelsLast {
            // Features last: each position's features of every input, one after another.
            for s in 0..<inputs[0].plane {
                for input in inputs { storage.append(contentsOf: input.storage[(s * input.channels)..<((s + 1) * input.channels)]) }
            }
        } else {
            for input in inputs { storage.append(contentsOf: input.storage) }
        }
        let shape = inputs[0].shape.with(channels: inputs.reduce(0) { $0 + $1.channels })
        return KernelOutput(Tensor(shape: shape, storage: storage))
    }

    /// ShuffleNet's channel shuffle as torchvision writes it (view as `[g, C/g]`, transpose,
    /// flatten): output channel `j·g + i` is input channel `i·(C/g) + j`.
    public static func shuffle(_ input: Tensor, groups: Int) -> KernelOutput {
        let channels = input.channels, plane = input.plane
        let perGroup = channels / groups
        let storage = [Float](count: input.count) { y in
            input.storage.withUnsafeBufferPointer { x in
                guard let x = x.baseAddress else { return }
                for i in 0..<groups {
                    for j in 0..<perGroup {
                        (y + (j * groups + i) * plane).initialize(from: x + (i * perGroup + j) * plane, count: plane)
                    }
                }
            }
        }
        return KernelOutput(Tensor(shape: input.shape, storage: storage))
    }

    /// `nn.Flatten`: the same storage seen as a vector, no copy.
    public static func flatten(_ input: Tensor) -> KernelOutput {
        KernelOutput(Tensor(shape: .vector(input.count), storage: input.storage))
    }
}
