import TissueIR

/// The paper's basic unit, defined once: three layers of c1, c2, c3 channels joined by two k×k
/// convolutions without bias, the first with the stride, both padded by ⌊k/2⌋ (Section 3.1):
///
///     bu(c1, c2, c3, stride=1) on c1 channels:
///         conv c2 k×k s=stride p=⌊k/2⌋, bn, relu, conv c3 k×k p=⌊k/2⌋, bn
///
/// The stacking transform, the design space and Eq. 5–8 all make their units from it; the
/// equations count convolutions only, so they use the form without batch normalisation.
public enum BasicUnit {
    /// `bu`, with batch normalisation: what `tissue stack` and `tissue sweep` build.
    public static let standard = template(kernel: 3, batchNorm: true)

    /// The unit with k×k kernels, with or without batch normalisation after each convolution.
    public static func template(kernel: Int, batchNorm: Bool, name: String = "bu") -> UnitTemplate {
        func conv() -> Operation {
            .convolution(Convolution(outChannels: 1, kernel: Pair(square: kernel), padding: Pair(square: kernel / 2),
                                     bias: false))
        }
        func bound(_ stride: Bool, outputs: String) -> [UnitTemplate.Binding] {
            [UnitTemplate.Binding(.outputs, .parameter(outputs))]
                + (stride ? [UnitTemplate.Binding(.stride, .parameter("stride"))] : [])
        }
        var layers = [UnitTemplate.Layer("conv", conv(), bindings: bound(true, outputs: "c2"))]
        if batchNorm { layers.append(UnitTemplate.Layer("bn", .batchNorm)) }
        layers.append(UnitTemplate.Layer("relu", .activation(.relu)))
        layers.append(UnitTemplate.Layer("conv", conv(), bindings: bound(false, outputs: "c3")))
        if batchNorm { layers.append(UnitTemplate.Layer("bn", .batchNorm)) }
        return UnitTemplate(name: name,
                            parameters: [.init("c1"), .init("c2"), .init("c3"), .init("stride", default: 1)],
                            inputWidth: .parameter("c1"), layers: layers)
    }

    /// The most units a transform puts in one stacked layer. A channel per unit over the widest
    /// layers of today's networks is a few thousand units; a count beyond this comes from a
    /// mistaken width and would only exhaust memory (fuzz finding F6, docs/reliability.md).
    public static let maximumUnits = 1 << 16

    /// A stacked layer of `count` units `bu(c1, c2, c3, stride)` on an input of `input`'s spatial
    /// size, named under `path` (`path/bu1`, `path/bu2`, … or `path/bu` for one).
    public static func stack(_ template: UnitTemplate = standard, count: Int, arguments: [Int], input: TensorShape,
                             path: NodePath) throws(GraphError) -> Stack {
        guard count <= maximumUnits else { throw GraphError(.tooManyUnits(count: count, limit: maximumUnits), path: path) }
        let name = template.name
        var units: [Stack.Unit] = []
        units.reserveCapacity(count)
        for index in 0..<count {
            let unitPath = path.appending(count > 1 ? "\(name)\(index + 1)" : name)
            units.append(try template.instantiate(arguments, spatial: input, path: unitPath))
        }
        return Stack(units: units)
    }
}
