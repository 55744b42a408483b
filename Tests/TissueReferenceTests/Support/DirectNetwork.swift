import TissueKit
@testable import TissueReference

/// A test-side forward pass over the direct kernels, for sequential graphs (and residual adds) of
/// convolutions, linear layers, batch norms, ReLUs and max pools, plus block-diagonal weights
/// assembled here, independently of ``BlockDiagonalCounterpart``.
enum DirectNetwork {
    static func run(_ graph: Graph, _ layers: [LayerWeights], _ input: [Float]) -> [Double] {
        var values: [[Float]] = [input]
        for node in graph.nodes.dropFirst() {
            let x = values[node.inputs[0]]
            let shape = graph.nodes[node.inputs[0]].outputShape
            let out: [Double]
            switch (node.operation, layers[node.id]) {
            case (.convolution(let c), .convolution(let w, let b)):
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
                out = zip(x, values[node.inputs[1]]).map { Double($0) + Double($1) }
            case (.pool(let p), _):
                out = DirectKernels.pool2d(x, channels: shape.channels, height: shape.height, width: shape.width, p).values
            default:
                preconditionFailure("DirectNetwork does not run \(node.operation.name)")
            }
            values.append(out.map { Float($0) })
        }
        return values[graph.output].map(Double.init)
    }

    /// The dense layers (every width summed, groups 1) with unit `u`'s weights in its diagonal
    /// block: `W[O_u + o, I_u + i] = W_u[o, i]`. Nil when the units are not one structure.
    static func blockDiagonal(_ stack: Stack, _ weights: [NetworkWeights]) -> (graph: Graph, layers: [LayerWeights])? {
        let first = stack.units[0].graph
        var graph = Graph(input: first.inputShape.with(channels: stack.units.reduce(0) { $0 + $1.width }))
        var layers: [LayerWeights] = [.none]
        for node in first.nodes.dropFirst() {
            let units = stack.units.map { $0.graph.nodes[node.id] }
            let ins = stack.units.map { $0.graph.nodes[node.inputs[0]].outputShape.channels }
            let outs = units.map(\.outputShape.channels)
            let (inTotal, outTotal) = (ins.reduce(0, +), outs.reduce(0, +))
            var operation = node.operation
            var layer = LayerWeights.none
            switch node.operation {
            case .convolution(var c):
                guard c.groups == 1 else { return nil }
                (c.inChannels, c.outChannels) = (inTotal, outTotal)
                operation = .convolution(c)
                var w = [Float](repeating: 0, count: outTotal * inTotal * c.kernel.area)
                var b: [Float] = []
                var (i0, o0) = (0, 0)
                for (u, unitLayers) in weights.enumerated() {
                    guard case .convolution(let uw, let ub) = unitLayers.layers[node.id] else { return nil }
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
                (l.inFeatures, l.outFeatures) = (inTotal, outTotal)
                operation = .linear(l)
                var w = [Float](repeating: 0, count: outTotal * inTotal)
                var b: [Float] = []
                var (i0, o0) = (0, 0)
                for (u, unitLayers) in weights.enumerated() {
                    guard case .linear(let uw, let ub) = unitLayers.layers[node.id] else { return nil }
                    for o in 0..<outs[u] {
                        for i in 0..<ins[u] { w[(o0 + o) * inTotal + i0 + i] = uw[o * ins[u] + i] }
                    }
                    b += ub ?? []
                    (i0, o0) = (i0 + ins[u], o0 + outs[u])
                }
                layer = .linear(weight: w, bias: l.bias ? b : nil)
            case .batchNorm:
                operation = .batchNorm(channels: outTotal)
                var p = BatchNormWeights(gamma: [], beta: [], mean: [], variance: [])
                for unitLayers in weights {
                    guard case .batchNorm(let q) = unitLayers.layers[node.id] else { return nil }
                    p.gamma += q.gamma; p.beta += q.beta; p.mean += q.mean; p.variance += q.variance
                }
                layer = .batchNorm(p)
            default:
                break
            }
            guard (try? graph.append(operation, inputs: node.inputs, path: node.path, location: nil)) != nil else { return nil }
            layers.append(layer)
        }
        graph.output = first.output
        return (graph, layers)
    }
}
