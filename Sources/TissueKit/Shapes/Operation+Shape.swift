/// Shape inference: one exhaustive switch, following PyTorch's output-size arithmetic.
extension Operation {
    /// The output shape for the given input shapes.
    public func outputShape(for inputs: [TensorShape]) throws(ShapeError) -> TensorShape {
        do {
            return try inferShape(inputs)
        } catch let error as ShapeError {
            throw error
        } catch {
            throw ShapeError(.countOverflow(path: name))
        }
    }

    private func inferShape(_ inputs: [TensorShape]) throws -> TensorShape {
        let x = inputs.first ?? TensorShape([])
        switch self {
        case .input:
            return x
        case .convolution(let c):
            try requireImage(x)
            guard c.inChannels % c.groups == 0 else {
                throw ShapeError(.groupsDoNotDivide(name, channels: c.inChannels, groups: c.groups))
            }
            guard c.outChannels % c.groups == 0 else {
                throw ShapeError(.groupsDoNotDivide(name, channels: c.outChannels, groups: c.groups))
            }
            let h = try Self.windowOutput(x.height, kernel: c.kernel.height, stride: c.stride.height,
                                          padding: c.padding.height, dilation: c.dilation.height, ceil: false)
            let w = try Self.windowOutput(x.width, kernel: c.kernel.width, stride: c.stride.width,
                                          padding: c.padding.width, dilation: c.dilation.width, ceil: false)
            guard h >= 1, w >= 1 else {
                throw ShapeError(.emptyOutput(name, input: x.dimensions, detail: "kernel \(c.kernel), stride \(c.stride), padding \(c.padding), dilation \(c.dilation)"))
            }
            return .image(channels: c.outChannels, height: h, width: w)
        case .linear(let l):
            guard x.isVector else { throw ShapeError(.linearNeedsVector(x.dimensions)) }
            return .vector(l.outFeatures)
        case .batchNorm, .activation, .softmax, .dropout, .channelShuffle:
            return x
        case .flatten:
            return .vector(try Checked.product(x.dimensions))
        case .globalAveragePool:
            try requireImage(x)
            return .image(channels: x.channels, height: 1, width: 1)
        case .pool(let p):
            try requireImage(x)
            for (pad, kernel) in [(p.padding.height, p.kernel.height), (p.padding.width, p.kernel.width)] where pad > kernel / 2 {
                throw ShapeError(.paddingTooLarge(name, padding: pad, kernel: kernel))
            }
            let h = try Self.windowOutput(x.height, kernel: p.kernel.height, stride: p.stride.height,
                                          padding: p.padding.height, dilation: 1, ceil: p.ceil)
            let w = try Self.windowOutput(x.width, kernel: p.kernel.width, stride: p.stride.width,
                                          padding: p.padding.width, dilation: 1, ceil: p.ceil)
            guard h >= 1, w >= 1 else {
                throw ShapeError(.emptyOutput(name, input: x.dimensions, detail: "window \(p.kernel), stride \(p.stride), padding \(p.padding)"))
            }
            return .image(channels: x.channels, height: h, width: w)
        case .add:
            guard inputs.count == 2, inputs[0] == inputs[1] else {
                throw ShapeError(.residualMismatch(body: inputs.first?.dimensions ?? [], shortcut: inputs.last?.dimensions ?? []))
            }
            return x
        case .concat:
            var channels = 0
            for shape in inputs {
                guard shape.dimensions.count == x.dimensions.count, shape.dimensions.dropFirst() == x.dimensions.dropFirst() else {
                    throw ShapeError(.concatMismatch(x.dimensions, shape.dimensions))
                }
                channels = try Checked.add(channels, shape.channels)
            }
            return x.with(channels: channels)
        case .stack(let s):
            let widths = try Checked.sum(s.units.map(\.width))
            guard widths == x.channels else { throw ShapeError(.stackWidthMismatch(sum: widths, channels: x.channels)) }
            guard let first = s.units.first?.graph.outputShape else { return x }
            var channels = 0
            for unit in s.units {
                let out = unit.graph.outputShape
                guard out.dimensions.count == first.dimensions.count, out.dimensions.dropFirst() == first.dimensions.dropFirst() else {
                    throw ShapeError(.stackOutputMismatch(first.dimensions, out.dimensions))
                }
                channels = try Checked.add(channels, out.channels)
            }
            return first.with(channels: channels)
        }
    }

    private func requireImage(_ x: TensorShape) throws(ShapeError) {
        guard x.isImage else { throw ShapeError(.needsImage(name, x.dimensions)) }
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
