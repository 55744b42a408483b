import TissueNumerics

extension Operation {
    /// What thop 0.1.1 adds for this node (`thop/vision/basic_hooks.py`): conv and linear without
    /// bias; batch norm `2·numel`, doubled when affine; softmax `(3n−1)` per vector; average pool
    /// one per output; adaptive average pool `(H·W + 1)` per output; ReLU, ReLU6, LeakyReLU, max
    /// pool and dropout zero; modules it has no rule for (sigmoid, tanh, hardswish, hardsigmoid,
    /// SiLU, GELU, flatten) and functional ops (add, cat, split, shuffle) zero.
    func thopMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c): return try context.convolutionMACs(c)
        case .linear(let l): return try context.linearMACs(l)
        case .batchNorm: return try Checked.multiply(4, try context.inputElements())
        case .softmax: return try context.softmaxOperations()
        case .pool(let p): return p.kind == .average ? try context.outputElements() : 0
        case .globalAveragePool:
            return try Checked.multiply(try Checked.add(try context.input.spatialElements(), 1), try context.outputElements())
        case .activation, .dropout, .flatten, .channelShuffle, .add, .concat:
            return 0
        }
    }

    /// What fvcore's `FlopCountAnalysis` adds (`fvcore/nn/jit_handles.py`, default handles): conv
    /// and linear multiply-accumulates without bias; batch norm in eval mode `2·numel` (affine);
    /// `adaptive_avg_pool2d` one per input element; every other traced op is skipped.
    func fvcoreMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c): return try context.convolutionMACs(c)
        case .linear(let l): return try context.linearMACs(l)
        case .batchNorm: return try Checked.multiply(2, try context.inputElements())
        case .globalAveragePool: return try context.inputElements()
        case .activation, .softmax, .pool, .dropout, .flatten, .channelShuffle, .add, .concat:
            return 0
        }
    }

    /// What ptflops 0.7 adds with the pytorch backend (`ptflops/pytorch_ops.py`). Module hooks:
    /// conv and linear with their bias adds, batch norm `2·numel` (affine), ReLU-family and GELU one
    /// per output element, every pooling module one per input element. The backend also patches
    /// `torch.nn.functional`, and modules whose `forward` calls a patched functional are counted a
    /// second time: ReLU (`F.relu`), GELU (`F.gelu`) and all pooling (`F.max_pool2d`, `F.avg_pool2d`,
    /// `F.adaptive_avg_pool2d`) count twice, SiLU and softmax once through their functionals only.
    /// ReLU6 and LeakyReLU go through unpatched functionals (once, by their module hook); sigmoid,
    /// tanh, hardswish, hardsigmoid, tensor `+`, cat and split are not seen.
    func ptflopsMACs(_ context: OperationContext) throws(Checked.Overflow) -> Int {
        switch self {
        case .convolution(let c):
            return try Checked.add(try context.convolutionMACs(c), c.bias ? try context.outputElements() : 0)
        case .linear(let l):
            return try Checked.add(try context.linearMACs(l), l.bias ? l.outFeatures : 0)
        case .batchNorm: return try Checked.multiply(2, try context.inputElements())
        case .activation(let a):
            switch a {
            case .relu, .gelu: return try Checked.multiply(2, try context.outputElements())
            case .relu6, .leakyrelu, .silu: return try context.outputElements()
            case .sigmoid, .tanh, .hswish, .hsigmoid: return 0
            }
        case .softmax: return try context.inputElements()
        case .pool, .globalAveragePool: return try Checked.multiply(2, try context.inputElements())
        case .dropout, .flatten, .channelShuffle, .add, .concat:
            return 0
        }
    }

    /// MACs and FLOPs of a single (non-stack) node under a convention.
    func cost(_ convention: Convention, _ context: OperationContext) throws(Checked.Overflow) -> (macs: Int, flops: Int) {
        let macs: Int
        switch convention {
        case .standard: return try standardCost(context)
        case .thop: macs = try thopMACs(context)
        case .fvcore: macs = try fvcoreMACs(context)
        case .ptflops: macs = try ptflopsMACs(context)
        }
        return (macs, try Checked.multiply(2, macs))
    }
}
