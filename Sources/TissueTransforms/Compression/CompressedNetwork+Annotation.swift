import TissueDiagnostics
import TissueIR

extension CompressedNetwork {
    /// Sets, on every weight layer some rule selects, what `update` makes of its storage.
    func annotatingWeights<Value>(rules: LayerRules<Value>, method: String,
                                  _ update: (inout WeightStorage, Value) -> Void) throws(Diagnostic) -> CompressedNetwork {
        let layers: [(path: NodePath, matrix: WeightMatrix)]
        do { layers = try network.graph.weightLayers() } catch {
            throw Diagnostic(.countOverflow(path: network.name), at: nil)
        }
        guard !layers.isEmpty else {
            throw Diagnostic(.compression(.nothingToCompress(method: method, what: "the weights of convolutions and linear layers")),
                             at: nil)
        }
        try rules.check(against: layers.map(\.path), method: method)
        var result = self
        for (path, _) in layers {
            guard let value = rules.value(for: path) else { continue }
            update(&result.storage[path, default: WeightStorage()], value)
        }
        return result
    }
}
