import TissueNumerics

/// Shape inference: one exhaustive switch, following PyTorch's output-size arithmetic.
extension Operation {
    /// The output shape for the given input shapes.
    public func outputShape(for inputs: [TensorShape]) throws(GraphProblem) -> TensorShape {
        try checkInputCount(inputs.count)
        let x = inputs[0]
        let name = kind(inChannels: x.channels).name
        try checkSettings(name)
        do {
            switch self {
            case .convolution(let conv):
                try Self.requireImage(x, name)
                let c = try conv.resolved(inChannels: x.channels)
                guard c.groups >= 1, c.inChannels % c.groups == 0 else {
                    throw GraphProblem.groupsDoNotDivide(operation: name, channels: c.inChannels, groups: c.groups)
                }
                guard c.outChannels % c.groups == 0 else {
                    throw GraphProblem.groupsDoNotDivide(operation: name, channels: c.outChannels, groups: c.groups)
                }
                let h = try Self.windowOutput(x.height, kernel: c.kernel.height, stride: c.stride.height,
                                              padding: c.padding.height, dilation: c.dilation.height, ceil: false)
                let w = try Self.windowOutput(x.width, kernel: c.kernel.width, stride: c.stride.width,
                                              padding: c.padding.width, dilation: c.dilation.width, ceil: false)
                guard h >= 1, w >= 1 else {
                    throw GraphProblem.emptyOutput(operation: name, input: x.dimensions,
                                                   detail: "kernel \(c.kernel), stride \(c.stride), padding \(c.padding), dilation \(c.dilation)")
                }
                return .image(channels: c.outChannels, height: h, width: w)
            case .linear(let l):
                guard x.isVector || x.isChannelsLast else { throw GraphProblem.linearNeedsVector(shape: x.dimensions) }
                return x.with(channels: l.outFeatures)
            case .batchNorm, .activation, .softmax, .dropout, .dropPath, .layerScale, .layerNorm:
                return x
            case .tokens:
                try Self.requireImage(x, name)
                return .tokens([try x.spatialElements(), x.channels])
            case .permute(let layout):
                switch layout {
                case .channelsLast:
                    try Self.requireImage(x, name)
                    return .tokens([x.height, x.width, x.channels])
                case .channelsFirst:
                    guard x.isChannelsLast, x.dimensions.count == 3 else {
                        throw GraphProblem.needsShape(operation: name, expected: "a channels-last HxWxC map", shape: x.dimensions)
                    }
                    return .image(channels: x.channels, height: x.dimensions[0], width: x.dimensions[1])
                }
            case .transpose:
                guard x.dimensions.count >= 2 else {
                    throw GraphProblem.needsShape(operation: name, expected: "two axes or more", shape: x.dimensions)
                }
                var dims = x.dimensions
                dims.swapAt(dims.count - 1, dims.count - 2)
                return TensorShape(dims, layout: x.layout)
            case .classToken:
                let (tokens, width) = try Self.requireTokens(x, name)
                return .tokens([try Checked.add(tokens, 1), width])
            case .positionEmbedding(let positions, _):
                let (tokens, _) = try Self.requireTokens(x, name)
                if let positions, positions < tokens { throw GraphProblem.tooFewPositions(positions: positions, tokens: tokens) }
                return x
            case .selectToken(let index):
                let (tokens, width) = try Self.requireTokens(x, name)
                guard index < tokens else { throw GraphProblem.tokenOutOfRange(index: index, tokens: tokens) }
                return .vector(width)
            case .embedding(let e):
                guard x.isVector else {
                    throw GraphProblem.needsShape(operation: name, expected: "a vector of token ids", shape: x.dimensions)
                }
                return .tokens([x.channels, e.width])
            case .attention(let a):
                switch a.variant {
                case .multihead, .projected:
                    _ = try Self.requireTokens(x, name)
                case .shiftedWindow:
                    guard x.isChannelsLast, x.dimensions.count == 3 else {
                        throw GraphProblem.needsShape(operation: name, expected: "a channels-last HxWxC map", shape: x.dimensions)
                    }
                }
                guard x.channels % a.heads == 0 else {
                    throw GraphProblem.headsDoNotDivide(operation: name, width: x.channels, heads: a.heads)
                }
                return x
            case .matmul:
                return try Self.matmulShape(inputs[0], inputs[1])
            case .patchMerging:
                guard x.isChannelsLast, x.dimensions.count == 3 else {
                    throw GraphProblem.needsShape(operation: name, expected: "a channels-last HxWxC map", shape: x.dimensions)
                }
                return .tokens([(x.dimensions[0] + 1) / 2, (x.dimensions[1] + 1) / 2, try Checked.multiply(4, x.channels)])
            case .groupNorm(let groups):
                guard groups >= 1, x.channels % groups == 0 else {
                    throw GraphProblem.groupsDoNotDivide(operation: name, channels: x.channels, groups: groups)
                }
                return x
            case .adaptiveAveragePool(let size):
                try Self.requireImage(x, name)
                return .image(channels: x.channels, height: size.height, width: size.width)
            case .mean(let keep):
                try Self.requireImage(x, name)
                return keep ? .image(channels: x.channels, height: 1, width: 1) : .vector(x.channels)
            case .multiply:
                guard let shape = TensorShape.broadcast(inputs[0], inputs[1]) else {
                    throw GraphProblem.broadcastMismatch(operation: name, inputs[0].dimensions, inputs[1].dimensions)
                }
                return shape
            case .channelShuffle(let groups):
                guard groups >= 1, x.channels % groups == 0 else {
                    throw GraphProblem.groupsDoNotDivide(operation: name, channels: x.channels, groups: groups)
                }
                return x
            case .flatten:
                return .vector(try Checked.product(x.dimensions))
            case .globalAveragePool:
                try Self.requireImage(x, name)
                return .image(channels: x.channels, height: 1, width: 1)
            case .pool(let p):
                try Self.requireImage(x, name)
                for (pad, kernel) in [(p.padding.height, p.kernel.height), (p.padding.width, p.kernel.width)]
                where pad > kernel / 2 {
                    throw GraphProblem.paddingTooLarge(operation: name, padding: pad, kernel: kernel)
                }
                let h = try Self.windowOutput(x.height, kernel: p.kernel.height, stride: p.stride.height,
                                              padding: p.padding.height, dilation: 1, ceil: p.ceil)
                let w = try Self.windowOutput(x.width, kernel: p.kernel.width, stride: p.stride.width,
                                              padding: p.padding.width, dilation: 1, ceil: p.ceil)
                guard h >= 1, w >= 1 else {
                    throw GraphProblem.emptyOutput(operation: name, input: x.dimensions,
                                                   detail: "window \(p.kernel), stride \(p.stride), padding \(p.padding)")
                }
                return .image(channels: x.channels, height: h, width: w)
            case .add:
                guard let shape = TensorShape.broadcast(inputs[0], inputs[1]) else {
                    throw GraphProblem.addMismatch(inputs[0].dimensions, inputs[1].dimensions)
                }
                return shape
            case .concat(.channels):
                return try TensorShape.joinedAlongChannels(inputs, mismatch: GraphProblem.concatMismatch)
            case .concat(.tokens):
                return try TensorShape.joinedAlongTokens(inputs)
            }
        } catch let problem as GraphProblem {
            throw problem
        } catch {
            throw .countOverflow
        }
    }

    /// How many inputs each operation reads: `add` two, `concat` one or more, the others one.
    func checkInputCount(_ count: Int) throws(GraphProblem) {
        switch self {
        case .add, .multiply, .matmul:
            guard count == 2 else {
                throw .wrongInputCount(operation: kind(inChannels: 0).name, expected: "2 inputs", found: count)
            }
        case .concat:
            guard count >= 1 else { throw .wrongInputCount(operation: "concat", expected: "1 or more inputs", found: count) }
        case .convolution, .linear, .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .pool,
             .channelShuffle, .layerScale, .layerNorm, .groupNorm, .adaptiveAveragePool, .mean, .dropPath, .tokens,
             .permute, .transpose, .classToken, .positionEmbedding, .selectToken, .embedding, .attention, .patchMerging:
            guard count == 1 else {
                throw .wrongInputCount(operation: kind(inChannels: 0).name, expected: "1 input", found: count)
            }
        }
    }

    /// Settings that no layer can have, whoever built the node: kernels, strides, dilations,
    /// groups and widths of at least 1, paddings of at least 0.
    func checkSettings(_ name: String) throws(GraphProblem) {
        func atLeast(_ minimum: Int, _ setting: String, _ values: Int...) throws(GraphProblem) {
            for value in values where value < minimum {
                throw .invalidSetting(operation: name, setting: setting, value: value)
            }
        }
        switch self {
        case .convolution(let c):
            try atLeast(1, "kernel", c.kernel.height, c.kernel.width)
            try atLeast(1, "stride", c.stride.height, c.stride.width)
            try atLeast(1, "dilation", c.dilation.height, c.dilation.width)
            try atLeast(0, "padding", c.padding.height, c.padding.width)
            switch c.filters {
            case .grouped(let out, let groups):
                try atLeast(1, "output channels", out)
                try atLeast(1, "groups", groups)
            case .depthwise(let multiplier):
                try atLeast(1, "channel multiplier", multiplier)
            }
        case .linear(let l):
            try atLeast(1, "output features", l.outFeatures)
        case .pool(let p):
            try atLeast(1, "window", p.kernel.height, p.kernel.width)
            try atLeast(1, "stride", p.stride.height, p.stride.width)
            try atLeast(0, "padding", p.padding.height, p.padding.width)
        case .channelShuffle(let groups), .groupNorm(let groups):
            try atLeast(1, "groups", groups)
        case .adaptiveAveragePool(let size):
            try atLeast(1, "output size", size.height, size.width)
            // Each output row and column is a bin to find; beyond this no network goes.
            for side in [size.height, size.width] where side > 1 << 16 {
                throw .invalidSetting(operation: name, setting: "output size", value: side)
            }
        case .positionEmbedding(let positions, _):
            if let positions { try atLeast(1, "positions", positions) }
        case .selectToken(let index):
            try atLeast(0, "token index", index)
        case .embedding(let e):
            try atLeast(1, "vocabulary", e.vocabulary)
            try atLeast(1, "width", e.width)
        case .attention(let a):
            try atLeast(1, "heads", a.heads)
            if case .shiftedWindow(let window, let shift) = a.variant {
                try atLeast(1, "window", window)
                try atLeast(0, "shift", shift)
                if shift >= window { throw .invalidSetting(operation: name, setting: "shift", value: shift) }
            }
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .concat, .multiply,
             .layerScale, .layerNorm, .mean, .dropPath, .tokens, .permute, .transpose, .classToken, .matmul, .patchMerging:
            break
        }
    }

    private static func requireImage(_ x: TensorShape, _ name: String) throws(GraphProblem) {
        guard x.isImage else { throw .needsImage(operation: name, shape: x.dimensions) }
    }

    /// `N×D` tokens: the sequence length and the width.
    private static func requireTokens(_ x: TensorShape, _ name: String) throws(GraphProblem) -> (tokens: Int, width: Int) {
        guard x.isChannelsLast, x.dimensions.count == 2 else {
            throw .needsShape(operation: name, expected: "NxD tokens", shape: x.dimensions)
        }
        return (x.dimensions[0], x.dimensions[1])
    }

    /// `torch.matmul` of two tensors of rank 2 or more: `[…, n, k] × […, k, m] → […, n, m]` with
    /// the leading axes broadcast. The product is channels-last (its last axis is the features).
    static func matmulShape(_ a: TensorShape, _ b: TensorShape) throws(GraphProblem) -> TensorShape {
        let x = a.dimensions, y = b.dimensions
        guard x.count >= 2, y.count >= 2, x[x.count - 1] == y[y.count - 2],
              let batch = TensorShape.broadcast(TensorShape(Array(x.dropLast(2))), TensorShape(Array(y.dropLast(2)))) else {
            throw .matmulMismatch(x, y)
        }
        return .tokens(batch.dimensions + [x[x.count - 2], y[y.count - 1]])
    }

    /// PyTorch's sliding-window size (`pooling_output_shape` in ATen):
    /// `out = ⌊(n + 2p − d·(k−1) − 1 + (ceil ? s−1 : 0)) / s⌋ + 1` with floor division, then with
    /// `ceil` minus one when the last window would start beyond the input and its left padding
    /// (`(out−1)·s ≥ n + p`). Returns 0 or less when no window fits.
    static func windowOutput(_ n: Int, kernel k: Int, stride s: Int, padding p: Int, dilation d: Int,
                             ceil: Bool) throws(Checked.Overflow) -> Int {
        let span = try Checked.add(try Checked.multiply(d, k - 1), 1)
        var room = try Checked.subtract(try Checked.add(n, try Checked.multiply(2, p)), span)
        if ceil { room = try Checked.add(room, s - 1) }
        // Floor division; a negative room means no window fits at all.
        guard room >= 0 else { return 0 }
        var out = room / s + 1
        if ceil, out >= 1, try Checked.multiply(out - 1, s) >= Checked.add(n, p) { out -= 1 }
        return out
    }
}

extension Stack {
    /// The stacked layer's output on `input`: the units' widths must cover its channels, and the
    /// units' outputs must agree on everything but channels, which add up.
    public func outputShape(for input: TensorShape) throws(GraphProblem) -> TensorShape {
        guard !units.isEmpty else { throw .emptyStack }
        let widths: Int
        do { widths = try Checked.sum(units.map(\.width)) } catch { throw .countOverflow }
        guard widths == input.channels else { throw .stackWidthMismatch(sum: widths, channels: input.channels) }
        return try TensorShape.joinedAlongChannels(units.map(\.graph.outputShape), mismatch: GraphProblem.stackOutputMismatch)
    }
}

extension TensorShape {
    /// Shapes concatenated along channels (`torch.cat(dim=1)`): every other dimension must agree,
    /// channels add up. `mismatch` names the problem with the first shape and the one that differs.
    static func joinedAlongChannels(_ shapes: [TensorShape],
                                    mismatch: ([Int], [Int]) -> GraphProblem) throws(GraphProblem) -> TensorShape {
        guard let first = shapes.first else { throw .wrongInputCount(operation: "concat", expected: "1 or more inputs", found: 0) }
        var channels = 0
        for shape in shapes {
            guard shape.dimensions.count == first.dimensions.count, shape.layout == first.layout,
                  shape.positionDimensions == first.positionDimensions else {
                throw mismatch(first.dimensions, shape.dimensions)
            }
            do { channels = try Checked.add(channels, shape.channels) } catch { throw .countOverflow }
        }
        return first.with(channels: channels)
    }
}

extension TensorShape {
    /// `N×D` sequences one after another (`torch.cat(dim=1)` of `B×N×D`): the widths must agree,
    /// the token counts add up.
    static func joinedAlongTokens(_ shapes: [TensorShape]) throws(GraphProblem) -> TensorShape {
        guard let first = shapes.first else { throw .wrongInputCount(operation: "concat", expected: "1 or more inputs", found: 0) }
        var tokens = 0
        for shape in shapes {
            guard shape.dimensions.count == 2, shape.isChannelsLast else {
                throw .needsShape(operation: "concat tokens", expected: "N×D tokens", shape: shape.dimensions)
            }
            guard shape.channels == first.channels else {
                throw .needsShape(operation: "concat tokens", expected: "tokens of width \(first.channels), as the first input has",
                                  shape: shape.dimensions)
            }
            do { tokens = try Checked.add(tokens, shape.dimensions[0]) } catch { throw .countOverflow }
        }
        return .tokens([tokens, first.channels])
    }
}

extension TensorShape {
    /// NumPy's broadcasting of two shapes: aligned from the last axis, each pair of sizes equal
    /// or one of them 1 (a missing axis counts as 1); nil when they do not broadcast.
    public static func broadcast(_ a: TensorShape, _ b: TensorShape) -> TensorShape? {
        let rank = max(a.dimensions.count, b.dimensions.count)
        let x = Array(repeating: 1, count: rank - a.dimensions.count) + a.dimensions
        let y = Array(repeating: 1, count: rank - b.dimensions.count) + b.dimensions
        var result: [Int] = []
        for (p, q) in zip(x, y) {
            guard p == q || p == 1 || q == 1 else { return nil }
            result.append(max(p, q))
        }
        // The layout of the operand that has every axis: a channels-last tensor stays one.
        let layout = a.dimensions.count >= b.dimensions.count && !a.isVector ? a.layout : b.layout
        return TensorShape(result, layout: layout)
    }
}
