import TissueIR

/// The text of one layer statement, defaults left out. A setting given by a template binding is
/// written as its expression (`conv c2 k=3 s=stride`), whatever its placeholder value.
enum ArchStatement {
    static func layer(_ operation: Operation, inChannels: Int, bindings: [UnitTemplate.Binding] = []) -> String {
        func bound(_ setting: Operation.Setting) -> String? {
            bindings.first { $0.setting == setting }.map { expression($0.expression) }
        }
        func size(_ p: Pair, _ setting: Operation.Setting) -> String { bound(setting) ?? p.description }
        switch operation {
        case .convolution(let c):
            var parts: [String]
            switch c.filters {
            case .depthwise(let multiplier):
                parts = ["dwconv k=\(size(c.kernel, .kernel))"]
                if let m = bound(.multiplier) { parts.append("m=\(m)") } else if multiplier != 1 { parts.append("m=\(multiplier)") }
            case .grouped(let out, _):
                parts = ["conv \(bound(.outputs) ?? String(out)) k=\(size(c.kernel, .kernel))"]
            }
            if c.stride != .one || bound(.stride) != nil { parts.append("s=\(size(c.stride, .stride))") }
            if c.padding != .zero || bound(.padding) != nil { parts.append("p=\(size(c.padding, .padding))") }
            if c.dilation != .one || bound(.dilation) != nil { parts.append("d=\(size(c.dilation, .dilation))") }
            if case .grouped(_, let groups) = c.filters, groups != 1 || bound(.groups) != nil {
                parts.append("g=\(bound(.groups) ?? String(groups))")
            }
            if !c.bias { parts.append("bias=false") }
            return parts.joined(separator: " ")
        case .linear(let l):
            return "linear \(bound(.outputs) ?? String(l.outFeatures))" + (l.bias ? "" : " bias=false") + (l.tied ? " tied=true" : "")
        case .positionEmbedding(let positions, let lookup):
            return (positions.map { "posembed n=\($0)" } ?? "posembed") + (lookup ? " lookup=true" : "")
        case .selectToken(let index):
            return index == 0 ? "select" : "select i=\(index)"
        case .embedding(let e):
            return "embedding \(e.vocabulary) d=\(e.width)"
        case .attention(let a):
            var parts = ["\(operation.kind(inChannels: inChannels).name) heads=\(a.heads)"]
            switch a.variant {
            case .multihead: break
            case .projected(let causal, let fused):
                if causal { parts.append("causal=true") }
                if fused { parts.append("sdpa=true") }
            case .shiftedWindow(let window, let shift):
                parts.append("window=\(window)")
                if shift != 0 { parts.append("shift=\(shift)") }
            }
            if !a.bias { parts.append("bias=false") }
            return parts.joined(separator: " ")
        case .matmul:
            // A product of one value with itself: both branches empty.
            return "matmul { } { }"
        case .pool(let p):
            var parts = ["\(p.kind.kind.name) k=\(size(p.kernel, .kernel))"]
            // With a window from a parameter the stride cannot be left to follow it.
            if p.stride != p.kernel || bound(.stride) != nil || bound(.kernel) != nil {
                parts.append("s=\(size(p.stride, .stride))")
            }
            if p.padding != .zero || bound(.padding) != nil { parts.append("p=\(size(p.padding, .padding))") }
            if p.ceil { parts.append("ceil=true") }
            return parts.joined(separator: " ")
        case .channelShuffle(let groups):
            return "shuffle g=\(bound(.groups) ?? String(groups))"
        case .groupNorm(let groups):
            return "groupnorm g=\(bound(.groups) ?? String(groups))"
        case .adaptiveAveragePool(let size):
            return "adaptiveavgpool k=\(size)"
        case .mean(let keep):
            return keep ? "mean keepdim=true" : "mean"
        case .concat(let axis):
            // A concatenation of one value: one empty branch.
            return axis == .tokens ? "concat tokens { }" : "concat { }"
        case .multiply:
            // A product of one value with itself: a gate whose body is empty.
            return "scale { }"
        case .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .layerScale, .layerNorm,
             .dropPath, .tokens, .permute, .transpose, .classToken, .patchMerging:
            return operation.kind(inChannels: inChannels).name
        }
    }

    /// An expression with the parentheses its precedence needs: `c1*2`, `(c1+c2)/2`.
    static func expression(_ e: TemplateExpression) -> String {
        switch e {
        case .integer(let value): return String(value)
        case .parameter(let name): return name
        case .binary(let op, let lhs, let rhs):
            let tight = op == .multiply || op == .divide
            func operand(_ side: TemplateExpression, right: Bool) -> String {
                let text = expression(side)
                guard case .binary(let inner, _, _) = side else {
                    if case .integer(let v) = side, v < 0 { return "(\(text))" }
                    return text
                }
                let innerTight = inner == .multiply || inner == .divide
                // Looser inside tighter, or anything but a chain of + on the right of - or /, needs parentheses.
                let needs = (tight && !innerTight) || (right && (op == .subtract || op == .divide) && innerTight == tight)
                return needs ? "(\(text))" : text
            }
            return operand(lhs, right: false) + op.rawValue + operand(rhs, right: true)
        }
    }
}
