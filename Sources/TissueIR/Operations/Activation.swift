/// Pointwise nonlinearities.
public enum Activation: Sendable, Hashable, CaseIterable {
    case relu, relu6, leakyrelu, sigmoid, tanh, hswish, hsigmoid, silu, gelu
}
