import TissueIR

extension BasicUnit {
    /// `mu`: the paper's unit of fully connected layers (Section 4.3, the MLP), c1 inputs, c2
    /// hidden nodes, c3 outputs:
    ///
    ///     mu(c1, c2, c3) on c1 features: linear c2, relu, linear c3
    ///
    /// Both layers have a bias, as `nn.Linear` by default. The stacking transform puts it in place
    /// of a run of hidden layers (``StackTransform/Candidate/Kind/hiddenLayers``).
    public static let linear = UnitTemplate(
        name: "mu",
        parameters: [.init("c1"), .init("c2"), .init("c3")],
        inputWidth: .parameter("c1"),
        layers: [
            UnitTemplate.Layer("linear", .linear(Linear(outFeatures: 1)), bindings: [.init(.outputs, .parameter("c2"))]),
            UnitTemplate.Layer("relu", .activation(.relu)),
            UnitTemplate.Layer("linear", .linear(Linear(outFeatures: 1)), bindings: [.init(.outputs, .parameter("c3"))]),
        ])

    /// `iru`: MobileNetV2's inverted residual as a basic unit on a piece of channels: pointwise
    /// c1 → c2, 3×3 depthwise with the stride, pointwise c2 → c3 (linear bottleneck: no activation
    /// after it), each followed by batch normalisation, without bias (Sandler et al. 2018, Fig. 4;
    /// the paper's Section 4.4.3 builds its MobileNetV2 units from these operations):
    ///
    ///     iru(c1, c2, c3, stride=1) on c1 channels:
    ///         conv c2 1×1, bn, relu6, dwconv 3×3 s=stride p=1, bn, relu6, conv c3 1×1, bn
    public static let invertedResidual = pointwiseDepthwise(name: "iru", activation: .relu6, called: "relu6")

    /// `pdu`: MobileNet v1's depthwise-separable layers on a piece of channels, the same three
    /// layers as ``invertedResidual`` with ReLU (Howard et al. 2017, Fig. 3):
    ///
    ///     pdu(c1, c2, c3, stride=1) on c1 channels:
    ///         conv c2 1×1, bn, relu, dwconv 3×3 s=stride p=1, bn, relu, conv c3 1×1, bn
    ///
    /// The stacking transform follows it with a ReLU, as the replaced layers end with one.
    public static let separable = pointwiseDepthwise(name: "pdu", activation: .relu, called: "relu")

    /// Pointwise c1 → c2, depthwise 3×3 with the stride, pointwise c2 → c3, each with batch
    /// normalisation and without bias; `activation` (whose layers are named `called`) after the
    /// first two. The last ends linear: the transform adds what follows.
    static func pointwiseDepthwise(name: String, activation: Activation, called: String) -> UnitTemplate {
        func pointwise() -> Operation {
            .convolution(Convolution(outChannels: 1, kernel: .one, bias: false))
        }
        let depthwise = Operation.convolution(Convolution(filters: .depthwise(multiplier: 1), kernel: Pair(square: 3),
                                                          padding: .one, bias: false))
        return UnitTemplate(
            name: name,
            parameters: [.init("c1"), .init("c2"), .init("c3"), .init("stride", default: 1)],
            inputWidth: .parameter("c1"),
            layers: [
                UnitTemplate.Layer("conv", pointwise(), bindings: [.init(.outputs, .parameter("c2"))]),
                UnitTemplate.Layer("bn", .batchNorm),
                UnitTemplate.Layer(called, .activation(activation)),
                UnitTemplate.Layer("dwconv", depthwise, bindings: [.init(.stride, .parameter("stride"))]),
                UnitTemplate.Layer("bn", .batchNorm),
                UnitTemplate.Layer(called, .activation(activation)),
                UnitTemplate.Layer("conv", pointwise(), bindings: [.init(.outputs, .parameter("c3"))]),
                UnitTemplate.Layer("bn", .batchNorm),
            ])
    }
}
