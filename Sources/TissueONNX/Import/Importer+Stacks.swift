import TissueIR

/// A channel range of an activation made by `Split` or `Slice`, placed when first read.
struct Piece {
    /// The value name of the sliced activation, and the activation.
    var source: String
    var activation: Activation
    var lower: Int
    var upper: Int
    /// The value name this piece is bound to.
    var output: String
    var opType: String
    var label: String
    var path: NodePath
}

/// A stacked layer being read: its units are scopes (builders of their own) until a Concat of
/// their outputs, in order, closes it.
struct PendingStack {
    var parent: Int
    var source: Activation
    var units: [Int]
    var opType: String
    var label: String
    var path: NodePath
    var open = true
}

/// Split and channel Slices whose pieces run through separate chains into one Concat become a
/// `Stack` (ShuffleNet's chunk, stacked-unit models). Each piece starts a unit builder; ops on
/// it go there; the Concat that takes every unit's last value in order closes the stack. Any
/// other use (an op mixing units, a unit value read after the Concat, a piece never joined)
/// places the pieces as opaque slices and copies the units' nodes into the enclosing builder.
extension Importer {
    /// Records a piece of `source` for output `output` of the current node.
    mutating func makePiece(of source: String, _ activation: Activation, lower: Int, upper: Int, output: Int) {
        guard output < node.outputs.count, !node.outputs[output].isEmpty else { return }
        pieces.append(Piece(source: source, activation: activation, lower: lower, upper: upper, output: node.outputs[output],
                            opType: node.opType, label: node.name.isEmpty ? path.description : node.name, path: path))
        values[node.outputs[output]] = .piece(pieces.count - 1)
        unplaced[source, default: []].append(pieces.count - 1)
    }

    /// Places the unplaced pieces of the same source as `index`: as units of a new stack when they
    /// tile its channels in order, otherwise each as an opaque slice.
    mutating func place(pieceGroupOf index: Int) throws(NodeFailure) {
        let source = pieces[index].source
        let group = unplaced.removeValue(forKey: source) ?? [index]
        let activation = pieces[index].activation
        let channels = shape(activation).channels
        var tiles = group.count >= 2
        var next = 0
        for member in group {
            if pieces[member].lower != next { tiles = false }
            next = pieces[member].upper
        }
        if next != channels { tiles = false }
        if group.count == 1, pieces[index].lower == 0, pieces[index].upper == channels {
            bind(pieces[index].output, .activation(activation))
            return
        }
        guard tiles else {
            for member in group {
                let piece = pieces[member]
                let result = try placeOpaque(piece.activation, width: piece.upper - piece.lower, name: "ONNX " + piece.opType,
                                             label: piece.label, path: piece.path.appending("\(piece.lower)-\(piece.upper)"))
                bind(piece.output, .activation(result))
            }
            return
        }
        let stackIndex = stacks.count
        var units: [Int] = []
        for (unitIndex, member) in group.enumerated() {
            var scope = Scope(unit: (stackIndex, unitIndex))
            let input = scope.builder.input(shape(activation).with(channels: pieces[member].upper - pieces[member].lower))
            scopes.append(scope)
            units.append(scopes.count - 1)
            bind(pieces[member].output, .activation(Activation(scope: scopes.count - 1, node: input, batchFirst: activation.batchFirst)))
        }
        let first = pieces[group[0]]
        stacks.append(PendingStack(parent: activation.scope, source: activation, units: units, opType: first.opType,
                                   label: first.label, path: first.path))
        openStacks.append(stackIndex)
    }

    /// An opaque node standing for a channel range of `activation`.
    mutating func placeOpaque(_ activation: Activation, width: Int, name: String, label: String,
                              path: NodePath) throws(NodeFailure) -> Activation {
        let shape = self.shape(activation).with(channels: width)
        let result = try add(.opaque(OpaqueOperation(name: name, outputShape: shape)), [activation], path: path,
                             batchFirst: activation.batchFirst)
        recordOpaque(name, label: label)
        return result
    }

    /// The open stack whose units, in order, end in `inputs`, if the Concat may close it: every
    /// value made in a unit is read by no node after this one.
    func closableStack(_ inputs: [Activation]) -> Int? {
        guard let first = inputs.first, let unit = scopes[first.scope].unit, stacks[unit.stack].open else { return nil }
        let stack = stacks[unit.stack]
        guard stack.units == inputs.map(\.scope) else { return nil }
        for scope in stack.units {
            for name in scopes[scope].names {
                if (consumers[name] ?? []).contains(where: { $0 > current }) { return nil }
            }
        }
        return unit.stack
    }

    /// Closes a stack with its units' last values: a `stack` node in the enclosing builder.
    mutating func close(_ index: Int, outputs: [Activation]) throws(NodeFailure) -> Activation {
        var units: [Stack.Unit] = []
        for (scope, output) in zip(stacks[index].units, outputs) {
            var builder = scopes[scope].builder
            builder.output(output.node)
            let unitGraph: Graph
            do { unitGraph = try builder.build() } catch { throw .graph(error) }
            units.append(Stack.Unit(name: unitGraph.nodes.count == 1 ? "ident" : "unit", graph: unitGraph))
        }
        stacks[index].open = false
        if openStacks.last == index { openStacks.removeLast() } else { openStacks.removeAll { $0 == index } }
        var parentInput = stacks[index].source
        parentInput.scope = stacks[index].parent
        return try add(.stack(Stack(units: units)), [parentInput], path: path)
    }

    /// Reads every open stack as plain operations: each piece an opaque slice in the enclosing
    /// builder, each unit's nodes copied after it. Innermost (latest) stacks first.
    mutating func materializeOpenStacks() throws(NodeFailure) {
        let open = openStacks
        openStacks = []
        for index in open.reversed() {
            let stack = stacks[index]
            stacks[index].open = false
            for scope in stack.units {
                let unitBuilder = scopes[scope].builder
                let width = unitBuilder.shape(of: NodeID(0)).channels
                let slice = try placeOpaque(stack.source, width: width, name: "ONNX " + stack.opType, label: stack.label,
                                            path: stack.path.appending("piece\(scope)"))
                var copy = unitBuilder
                if copy.count == 1 { copy.output(NodeID(0), name: "v0") }
                for id in 1..<max(copy.count, 1) { copy.output(NodeID(id), name: "v\(id)") }
                let unitGraph: Graph
                let images: [NodeID]
                do {
                    unitGraph = try copy.build()
                    images = try scopes[stack.parent].builder.splice(unitGraph, inputs: [slice.node])
                } catch {
                    throw .graph(error)
                }
                var map = [slice.node]
                map += unitGraph.nodes.count == 1 ? [] : images
                for name in scopes[scope].names {
                    guard case .activation(var moved) = values[name], moved.scope == scope, moved.node.index < map.count else { continue }
                    moved.scope = stack.parent
                    moved.node = map[moved.node.index]
                    bind(name, .activation(moved))
                }
            }
        }
    }
}
