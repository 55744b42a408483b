/// A counting convention: which operations count, and how. See `docs/conventions.md`.
public enum Convention: String, Sendable, CaseIterable {
    /// `tissue`'s own: MACs are convolution and linear multiply-accumulates only (torchvision's
    /// "GFLOPS"); FLOPs are 2·MACs plus every other arithmetic operation counted per element.
    case standard
    /// thop 0.1.1 (`thop.profile`): module hooks; MACs are its total, FLOPs = 2·MACs.
    case thop
    /// fvcore (`FlopCountAnalysis(...).total()`): traced aten ops; MACs are its total, FLOPs = 2·MACs.
    case fvcore
    /// ptflops (`get_model_complexity_info(..., backend='pytorch')`): module hooks plus patched
    /// functionals; MACs are its total, FLOPs = 2·MACs.
    case ptflops
    /// torchinfo 1.8 (`summary(model, input_size=...)`): module hooks on every leaf module; MACs
    /// are its `total_mult_adds` (layers with parameters only), FLOPs = 2·MACs.
    case torchinfo

    public var summary: String {
        switch self {
        case .standard: "conv/linear MACs; FLOPs = 2·MACs + every other op per element"
        case .thop: "as thop 0.1.1 thop.profile reports; FLOPs = 2·MACs"
        case .fvcore: "as fvcore FlopCountAnalysis.total() reports; FLOPs = 2·MACs"
        case .ptflops: "as ptflops get_model_complexity_info (pytorch backend) reports; FLOPs = 2·MACs"
        case .torchinfo: "as torchinfo 1.8 summary() reports (total_mult_adds); FLOPs = 2·MACs"
        }
    }
}
