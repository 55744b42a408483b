import TissueIR

extension StackTransform {
    /// A block or run of layers that the rule can stack.
    public struct Candidate: Sendable, Equatable {
        /// What the rule found, which decides the nodes replaced, the unit and what follows it.
        public enum Kind: String, Sendable, CaseIterable {
            /// A residual body conv3×3–bn–relu–conv3×3–bn (ResNet's BasicBlock).
            case basicBlock = "basic block"
            /// A residual body conv1×1–bn–relu–conv3×3–bn–relu–conv1×1–bn (ResNet's Bottleneck):
            /// its conv3×3–bn–relu is stacked, as the authors' `BunitBottleneck`.
            case bottleneck
            /// A residual body conv1×1–bn–relu6–dwconv3×3–bn–relu6–conv1×1–bn (MobileNetV2).
            case invertedResidual = "inverted residual"
            /// Two conv3×3–bn–relu in a plain (VGG-style) sequence.
            case convPair = "conv pair"
            /// conv1×1–bn–relu–dwconv3×3–bn–relu–conv1×1–bn–relu in a plain sequence: the pointwise,
            /// depthwise and pointwise layers of two depthwise-separable blocks (MobileNet v1).
            case separable = "separable run"
            /// Two or more linear–relu layers of a vector, read by a linear layer (an MLP's hidden layers).
            case hiddenLayers = "hidden layers"

            /// What the rule looks for, as the errors that list the kinds name it.
            public var pattern: String {
                switch self {
                case .basicBlock: "basic blocks (residual conv3x3-bn-relu-conv3x3-bn)"
                case .bottleneck: "bottlenecks (residual conv1x1-bn-relu-conv3x3-bn-relu-conv1x1-bn)"
                case .invertedResidual: "inverted residuals (residual conv1x1-bn-relu6-dwconv3x3-bn-relu6-conv1x1-bn)"
                case .convPair: "conv pairs (conv3x3-bn-relu-conv3x3-bn-relu, not the stem)"
                case .separable: "separable runs (conv1x1-bn-relu-dwconv3x3-bn-relu-conv1x1-bn-relu)"
                case .hiddenLayers: "hidden layers (two or more linear-relu read by a linear layer)"
                }
            }
        }

        public var kind: Kind
        /// The residual block's path, or the first layer's of a pair or run.
        public var path: NodePath
        /// The stacked layer's input width a, and the replaced layers' output width b (a pair's c;
        /// a bottleneck's inner width; a run's last hidden width).
        public var inputWidth: Int
        public var outputWidth: Int
        /// The first convolution's output width.
        public var firstWidth: Int
        public var stride: Int
        /// The nodes the rule replaces, in order (a basic block's five; with ``ResidualScope/first``
        /// only the first three of them are replaced). A run of hidden layers ends with the linear
        /// layer that reads it, which the replacement puts back reading the stacked width.
        public var nodes: [NodeID]
        public var location: SourceLocation?
        /// Where the replacement's nodes are named: the residual's path, or for a pair or run the
        /// place of its first layer (`conv3` → `conv3-stacked`).
        public var prefix: NodePath
        /// The linear layer that reads a run of hidden layers, put back after the stacked layer.
        public var reader: Node?

        /// The nodes the stacked layer replaces.
        public func replaced(_ scope: ResidualScope) -> [NodeID] {
            switch kind {
            case .basicBlock: scope == .first ? Array(nodes.prefix(3)) : nodes
            case .bottleneck, .invertedResidual, .convPair, .separable, .hiddenLayers: nodes
            }
        }

        /// The width the stacked layer gives, b in c3 = C1·b/a.
        public func stackedWidth(_ scope: ResidualScope) -> Int {
            switch kind {
            case .basicBlock: scope == .first ? firstWidth : outputWidth
            // Section 4.2.1 fixes c1 = c3 and adjusts c2: the stacked layer keeps the width a.
            case .hiddenLayers: inputWidth
            case .bottleneck, .invertedResidual, .convPair, .separable: outputWidth
            }
        }

        /// The unit the rule builds for this kind.
        public var unit: UnitTemplate {
            switch kind {
            case .basicBlock, .bottleneck, .convPair: BasicUnit.standard
            case .invertedResidual: BasicUnit.invertedResidual
            case .separable: BasicUnit.separable
            case .hiddenLayers: BasicUnit.linear
            }
        }

        /// The activation after the stacked layer: the replaced layers end with a ReLU, or (the
        /// authors' `Concat`) the units' outputs go through one; an inverted residual ends linear.
        public var activation: Activation? {
            switch kind {
            case .basicBlock, .bottleneck, .convPair, .separable, .hiddenLayers: .relu
            case .invertedResidual: nil
            }
        }
    }
}
