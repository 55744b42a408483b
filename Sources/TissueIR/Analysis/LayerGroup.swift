import TissueNumerics

/// The layers whose paths share their first components, counted together: a row of
/// `analyze --depth N`, as torchinfo's `depth` rolls modules up into their containers.
public struct LayerGroup: Sendable, Equatable {
    /// The shared prefix; a layer whose path is no longer than the depth is its own group.
    public var path: NodePath
    public var layers: [LayerCost]
    /// The sum of the layers' costs.
    public var cost: Cost

    /// The output of the group's last layer in graph order.
    public var output: TensorShape { layers.last?.output ?? TensorShape([]) }
    /// A single layer shown as it is, rather than a block of several.
    public var isSingleLayer: Bool { layers.count == 1 && layers[0].path == path }
}

extension Analysis {
    /// The layers rolled up by the first `depth` components of their paths, in the order of each
    /// group's first layer. Linear in the number of layers.
    public func groups(depth: Int) throws(GraphError) -> [LayerGroup] {
        var groups: [LayerGroup] = []
        var index: [NodePath: Int] = [:]
        for layer in layers {
            let key = NodePath(Array(layer.path.components.prefix(max(depth, 1))))
            if let at = index[key] {
                groups[at].layers.append(layer)
                do { groups[at].cost = try groups[at].cost.adding(layer.cost) } catch {
                    throw GraphError(.countOverflow, path: key, location: layer.location)
                }
            } else {
                index[key] = groups.count
                groups.append(LayerGroup(path: key, layers: [layer], cost: layer.cost))
            }
        }
        return groups
    }
}
