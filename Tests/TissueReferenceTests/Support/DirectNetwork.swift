import TissueIR
@testable import TissueReference

/// A test-side forward pass over the direct kernels, for sequential graphs (and residual adds) of
/// convolutions, linear layers, batch norms, ReLUs and max pools, plus block-diagonal weights
/// assembled here, independently of ``BlockDiagonalCounterpart``.
enum DirectNetwork {
    static func run(_ graph: Graph, _ layers: [LayerWeights], _ input: [Float]) -> [Double] {
        var values: [[Float]] = [input]
        for node in graph.nodes.dropFirst() {
            let x = values[node.inputs[0].index]
            let shape = graph[node.inputs[0]].outputShape
            let out: [Double]
            guard case .operation(let operation) = node.kind else { preconditionFailure("DirectNetwork runs no stacks") }
            switch (operation, layers[node.id.index]) {
            case (.convolution(let conv), .convolution(let w, let b)):
                guard let c = try? conv.resolved(inChannels: shape.channels) else { preconditionFailure("bad conv") }
                out = DirectKernels.conv2d(x, channels: shape.channels, height: shape.height, width: shape.width, c,
                                           weight: w, bias: b).values
            case (.linear(let l), .linear(let w, let b)):
                out = DirectKernels.linear(x, weight: w, bias: b, outputs: l.outFeatures)
            case (.batchNorm, .batchNorm(let p)):
                let plane = shape.spatialSize
                out = x.indices.map { i in
                    let c = i / plane
                    return (Double(x[i]) - Double(p.mean[c])) / (Double(p.variance[c]) + 1e-5).squareRoot()
                        * Double(p.gamma[c]) + Double(p.beta[c])
                }
            case (.activation(.relu), _):
                out = x.map { Double(max($0, 0)) }
            case (.add, _):
                out = zip(x, values[node.inputs[1].index]).map { Double($0) + Double($1) }
            case (.pool(let p), _):
                out = DirectKernels.pool2d(x, channels: shape.channels, height: shape.height, width: shape.width, p).values
            default:
                preconditionFailure("DirectNetwork does not run \(operation)")
            }
            values.append(out.map { Float($0) })
        }
        return values[graph.output.index].map(Double.init)
    }

    /// The dense layers (every width summed, groups 1) with unit `u`'s weights in its diagonal
    /// block: `W[O_u + o, I_u + i] = W_u[o, i]`. Nil when the units are not one structure.
    static func blockDiagonal(_ stack: Stack, _ weights: [NetworkWeights]) -> (graph: Graph, layers: [LayerWeights])? {
        let first = stack.units[0].graph
        var builder = GraphBuilder()
        var ids = [builder.input(first.inputShape.with(channels: stack.units.reduce(0) { $0 + $1.width }))]
        var layers: [LayerWeights] = [.none]
        for node in first.nodes.dropFirst() {
            let units = stack.units.map { $0.graph[node.id] }
            let ins = stack.units.map { $0.graph[node.inputs[0]].outputShape.channels }
            let outs = units.map(\.outputShape.channels)
            let (inTotal, outTotal) = (ins.reduce(0, +), outs.reduce(0, +))
            guard case .operation(var operation) = node.kind else { return nil }
            var layer = LayerWeights.none
            switch operation {
            case .convolution(var c):
                guard case .grouped(_, 1) = c.filters else { return nil }
                c.filters = .grouped(outChannels: outTotal, groups: 1)
                operation = .convolution(c)
                var w = [Float](repeating: 0, count: outTotal * inTotal * c.kernel.area)
                var b: [Float] = []
                var (i0, o0) = (0, 0)
                for (u, unitLayers) in weights.enumerated() {
                    guard case .convolution(let uw, let ub) = unitLayers.layers[node.id.index] else { return nil }
                    for o in 0..<outs[u] {
                        for i in 0..<ins[u] {
                            for t in 0..<c.kernel.area {
                                w[((o0 + o) * inTotal + i0 + i) * c.kernel.area + t] = uw[(o * ins[u] + i) * c.kernel.area + t]
                            }
                        }
                    }
                    b += ub ?? []
                    (i0, o0) = (i0 + ins[u], o0 + outs[u])
                }
                layer = .convolution(weight: w, bias: c.bias ? b : nil)
            case .linear(var l):
                l.outFeatures = outTotal
                operation = .linear(l)
                var w = [Float](repeating: 0, count: outTotal * inTotal)
                var b: [Float] = []
                var (i0, o0) = (0, 0)
                for (u, unitLayers) in weights.enumerated() {
                    guard case .linear(let uw, let ub) = unitLayers.layers[node.id.index] else { return nil }
                    for o in 0..<outs[u] {
                        for i in 0..<ins[u] { w[(o0 + o) * inTotal + i0 + i] = uw[o * ins[u] + i] }
                    }
                    b += ub ?? []
                    (i0, o0) = (i0 + ins[u], o0 + outs[u])
                }
                layer = .linear(weight: w, bias: l.bias ? b : nil)
            case .batchNorm:
                var p = BatchNormWeights(gamma: [], beta: [], mean: [], variance: [])
                for unitLayers in weights {
                    guard case .batchNorm(let q) = unitLayers.layers[node.id.index] else { return nil }
                    p.gamma += q.gamma; p.beta += q.beta; p.mean += q.mean; p.variance += q.variance
                }
                layer = .batchNorm(p)
            default:
                break
            }
            guard let id = try? builder.add(.operation(operation), inputs: node.inputs.map { ids[$0.index] }, path: node.path)
            else { return nil }
            ids.append(id)
            layers.append(layer)
        }
        builder.output(ids[first.output.index])
        guard let graph = try? builder.build() else { return nil }
        return (graph, layers)
    }
}
