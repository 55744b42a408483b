import TissueIR

/// Node paths from what exporters write. PyTorch's TorchScript exporter names a node
/// `/layer1/layer1.0/conv1/Conv`: module scopes, then the operator (`Conv`, `Add_1`). The dynamo
/// exporter names nodes `node_Conv_3` and writes the scopes in the node's
/// `pkg.torch.onnx.name_scopes` metadata as a Python list of qualified names
/// (`['', 'layer1', 'layer1.0', 'layer1.0.conv1', 'conv2d']`), the last being the operator.
///
/// A node's path is its scope (`layer1/layer1.0/conv1`) when it is the only node there and no
/// other node's scope lies under it; otherwise the operator part is appended, lowercased
/// (`layer1/layer1.0/add`). A path already taken gets `_2`, `_3`…, so every path is unique.
enum NodeNames {
    static func paths(_ nodes: [ONNXNode]) -> [NodePath] {
        // Scopes are keyed by their joined text: dictionaries of strings need no generic
        // instantiation at run time, which at this size costs more than the work.
        var split: [(scope: [String], key: String, operation: String)] = []
        split.reserveCapacity(nodes.count)
        var counts: [String: Int] = [:]
        var containers = Set<String>()
        for (index, node) in nodes.enumerated() {
            let (scope, operation) = components(node, index: index)
            var key = ""
            for component in scope {
                containers.insert(key)
                key += key.isEmpty ? component : "/" + component
            }
            counts[key, default: 0] += 1
            split.append((scope, key, operation))
        }
        var taken = Set<String>()
        // The next suffix to try for each path, so that many equal names cost linear time.
        var nextSuffix: [String: Int] = [:]
        var result: [NodePath] = []
        result.reserveCapacity(nodes.count)
        for (scope, key, operation) in split {
            var path = scope
            if scope.isEmpty || counts[key, default: 0] > 1 || containers.contains(key) {
                path.append(operation.lowercased())
            }
            let base = path.joined(separator: "/")
            let last = path[path.count - 1]
            var unique = base
            while !taken.insert(unique).inserted {
                let suffix = nextSuffix[base, default: 2]
                nextSuffix[base] = suffix + 1
                path[path.count - 1] = "\(last)_\(suffix)"
                unique = path.joined(separator: "/")
            }
            result.append(NodePath(path))
        }
        return result
    }

    /// The scope components and the operator part of one node.
    static func components(_ node: ONNXNode, index: Int) -> (scope: [String], operation: String) {
        if let scopes = node.metadata.first(where: { $0.key == "pkg.torch.onnx.name_scopes" }).map({ pythonStrings($0.value) }),
           let last = scopes.last {
            var scope: [String] = []
            var parent = ""
            for name in scopes.dropLast() where !name.isEmpty {
                scope.append(relative(name, to: parent))
                parent = name
            }
            return (scope, last)
        }
        if node.name.hasPrefix("/") {
            let parts = node.name.split(separator: "/").map(String.init)
            if let last = parts.last { return (Array(parts.dropLast()), last) }
        }
        let name = node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
        return ([], name)
    }

    /// `layer1.0.conv1` under `layer1.0` is `conv1`; `layer1.0` under `layer1` stays `layer1.0`
    /// (numeric atoms keep their parent's name, as the TorchScript exporter writes them).
    static func relative(_ name: String, to parent: String) -> String {
        guard !parent.isEmpty, name.hasPrefix(parent + ".") else { return name }
        let rest = name.dropFirst(parent.count + 1)
        if rest.split(separator: ".").allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            let base = parent.split(separator: ".").last(where: { !$0.allSatisfy(\.isNumber) }).map(String.init) ?? parent
            return base + "." + rest
        }
        return String(rest)
    }

    /// The strings of a Python list literal `['', 'layer1', "a'b"]`.
    static func pythonStrings(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if escaped { current.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == open { result.append(current); current = ""; quote = nil }
                else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        return result
    }
}
