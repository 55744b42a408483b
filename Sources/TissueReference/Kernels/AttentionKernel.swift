#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TissueIR

/// The weights of one attention layer, as PyTorch stores them: the packed in-projection
/// `[3D, D]` (rows of Q, then K, then V; heads are consecutive column blocks of `D/heads`), the
/// out-projection `[D, D]`, and Swin's relative position bias table `[(2w−1)², heads]`.
public struct AttentionWeights: Sendable, Equatable {
    public var inWeight: [Float]
    public var inBias: [Float]?
    public var outWeight: [Float]
    public var outBias: [Float]?
    public var relativeBias: [Float]?

    public init(inWeight: [Float], inBias: [Float]?, outWeight: [Float], outBias: [Float]?, relativeBias: [Float]? = nil) {
        self.inWeight = inWeight
        self.inBias = inBias
        self.outWeight = outWeight
        self.outBias = outBias
        self.relativeBias = relativeBias
    }

    public var parameterCount: Int {
        inWeight.count + (inBias?.count ?? 0) + outWeight.count + (outBias?.count ?? 0) + (relativeBias?.count ?? 0)
    }
}

/// Multi-head self-attention as `nn.MultiheadAttention`, GPT-2's attention and torchvision's
/// `shifted_window_attention` compute it:
///
///     [Q K V] = x·W_inᵀ + b_in;  per head h: A_h = softmax(Q_h·K_hᵀ / √d (+ bias, mask));
///     y = [A_1·V_1 … A_H·V_H]·W_outᵀ + b_out
///
/// with future keys masked (−∞) when causal. Swin's windows: the map is zero-padded to whole
/// windows, rolled by `−shift` (cleared on an axis the window covers), cut into `w×w` windows that
/// attend within themselves with the relative position bias, and positions that came from
/// different regions before the roll masked by −100, as torchvision does; then put back.
public enum AttentionKernel {
    public static func run(_ attention: Attention, input: Tensor, weights: AttentionWeights,
                           context: KernelContext) -> KernelOutput {
        switch attention.variant {
        case .multihead, .projected:
            let d = input.shape.dimensions
            let layout = WindowLayout.sequence(tokens: d[0])
            let (values, macs) = attend(input.storage, layout: layout, width: d[1], attention, weights, context)
            return KernelOutput(Tensor(shape: input.shape, storage: values), macs: macs)
        case .shiftedWindow(let window, let shift):
            let d = input.shape.dimensions
            let layout = WindowLayout.windows(height: d[0], width: d[1], window: window, shift: shift)
            let gathered = layout.gather(input.storage, channels: d[2])
            let (values, macs) = attend(gathered, layout: layout, width: d[2], attention, weights, context)
            return KernelOutput(Tensor(shape: input.shape, storage: layout.scatter(values, channels: d[2])), macs: macs)
        }
    }

    /// Attention over `layout.groups` independent groups of `layout.keys` consecutive tokens.
    static func attend(_ x: [Float], layout: WindowLayout, width: Int, _ attention: Attention, _ weights: AttentionWeights,
                       _ context: KernelContext) -> (values: [Float], macs: Int) {
        let tokens = x.count / width, heads = attention.heads, headWidth = width / heads, keys = layout.keys
        var (qkv, macs) = MatrixProduct.linear(x, positions: tokens, inputs: width, weight: weights.inWeight,
                                               bias: weights.inBias, outputs: 3 * width, context: context)
        let scale = 1 / Float(headWidth).squareRoot()
        var context2 = [Float](repeating: 0, count: tokens * width)
        var q = [Float](repeating: 0, count: keys * headWidth), kT = q, v = q
        var scores = [Float](repeating: 0, count: keys * keys), out = q
        for group in 0..<layout.groups {
            for h in 0..<heads {
                for i in 0..<keys {
                    let row = (group * keys + i) * 3 * width + h * headWidth
                    for c in 0..<headWidth {
                        q[i * headWidth + c] = qkv[row + c]
                        kT[c * keys + i] = qkv[row + width + c]
                        v[i * headWidth + c] = qkv[row + 2 * width + c]
                    }
                }
                q.withUnsafeBufferPointer { pq in kT.withUnsafeBufferPointer { pk in scores.withUnsafeMutableBufferPointer { ps in
                    guard let pq = pq.baseAddress, let pk = pk.baseAddress, let ps = ps.baseAddress else { return }
                    macs += MatrixProduct.multiply(pq, pk, into: ps, m: keys, n: keys, k: headWidth, context: context)
                } } }
                for i in 0..<keys {
                    for j in 0..<keys {
                        var s = scores[i * keys + j] * scale
                        s += layout.bias(i, j, head: h, heads: heads, table: weights.relativeBias)
                        s += layout.mask(group: group, i, j)
                        if attention.isCausal, j > i { s = -.infinity }
                        scores[i * keys + j] = s
                    }
                    softmaxRow(&scores, start: i * keys, count: keys)
                }
                scores.withUnsafeBufferPointer { ps in v.withUnsafeBufferPointer { pv in out.withUnsafeMutableBufferPointer { po in
                    guard let ps = ps.baseAddress, let pv = pv.baseAddress, let po = po.baseAddress else { return }
                    macs += MatrixProduct.multiply(ps, pv, into: po, m: keys, n: headWidth, k: keys, context: context)
                } } }
                for i in 0..<keys {
                    for c in 0..<headWidth { context2[(group * keys + i) * width + h * headWidth + c] = out[i * headWidth + c] }
                }
            }
        }
        qkv = []
        let projected = MatrixProduct.linear(context2, positions: tokens, inputs: width, weight: weights.outWeight,
                                             bias: weights.outBias, outputs: width, context: context)
        return (projected.values, macs + projected.macs)
    }

    static func softmaxRow(_ x: inout [Float], start: Int, count: Int) {
        var largest = -Float.infinity
        for j in start..<(start + count) { largest = max(largest, x[j]) }
        var sum: Float = 0
        for j in start..<(start + count) {
            let e = expf(x[j] - largest)
            x[j] = e
            sum += e
        }
        for j in start..<(start + count) { x[j] /= sum }
    }
}

/// Which tokens attend to which: one sequence, or Swin's windows of a padded, rolled map.
struct WindowLayout {
    var groups: Int
    var keys: Int
    var window = 0
    /// For windows: the map and its padding, the roll per axis, and each padded position's region
    /// label for the shift mask (nil when not shifted).
    var height = 0, width = 0, paddedHeight = 0, paddedWidth = 0
    var shift = (rows: 0, columns: 0)
    var labels: [Int]?

    static func sequence(tokens: Int) -> WindowLayout { WindowLayout(groups: 1, keys: tokens) }

    static func windows(height: Int, width: Int, window: Int, shift: Int) -> WindowLayout {
        let ph = (height + window - 1) / window * window, pw = (width + window - 1) / window * window
        var layout = WindowLayout(groups: (ph / window) * (pw / window), keys: window * window, window: window)
        (layout.height, layout.width, layout.paddedHeight, layout.paddedWidth) = (height, width, ph, pw)
        // torchvision clears the shift on an axis the window already covers.
        layout.shift = (window >= ph ? 0 : shift, window >= pw ? 0 : shift)
        if layout.shift.rows + layout.shift.columns > 0 {
            let rows = regions(ph, window, layout.shift.rows), columns = regions(pw, window, layout.shift.columns)
            layout.labels = (0..<(ph * pw)).map { rows[$0 / pw] * 3 + columns[$0 % pw] }
        }
        return layout
    }

    /// torchvision's mask regions along one axis: the slices `[0:−w]`, `[−w:−s]`, `[−s:]` get
    /// 0, 1, 2 in turn, with Python's slice semantics (so a zero shift makes the last slice the
    /// whole axis).
    static func regions(_ length: Int, _ window: Int, _ shift: Int) -> [Int] {
        func index(_ i: Int?) -> Int? { i.map { $0 < 0 ? max(length + $0, 0) : min($0, length) } }
        var labels = [Int](repeating: 0, count: length)
        let slices: [(Int?, Int?)] = [(0, -window), (-window, -shift), (-shift, nil)]
        for (label, (start, end)) in slices.enumerated() {
            let from = index(start) ?? 0, to = index(end) ?? length
            if from < to { for i in from..<to { labels[i] = label } }
        }
        return labels
    }

    /// The padded, rolled position window `group`'s token `i` comes from.
    func position(group: Int, _ i: Int) -> (row: Int, column: Int) {
        let across = paddedWidth / window
        return ((group / across) * window + i / window, (group % across) * window + i % window)
    }

    /// `[H, W, C]` → tokens in window order, zero-padded and rolled by `−shift`.
    func gather(_ x: [Float], channels: Int) -> [Float] {
        var out = [Float](repeating: 0, count: groups * keys * channels)
        forEachToken { token, position in
            for k in 0..<channels { out[token * channels + k] = x[position * channels + k] }
        }
        return out
    }

    /// The inverse of ``gather(_:channels:)``, dropping the padding.
    func scatter(_ values: [Float], channels: Int) -> [Float] {
        var out = [Float](repeating: 0, count: height * width * channels)
        forEachToken { token, position in
            for k in 0..<channels { out[position * channels + k] = values[token * channels + k] }
        }
        return out
    }

    /// Every window token that comes from the map (not the padding), with the map position it
    /// comes from after the roll: `(r + shift) mod padded side`.
    private func forEachToken(_ body: (_ token: Int, _ position: Int) -> Void) {
        for group in 0..<groups {
            for i in 0..<keys {
                let (r, c) = position(group: group, i)
                let y = (r + shift.rows) % paddedHeight, z = (c + shift.columns) % paddedWidth
                guard y < height, z < width else { continue }
                body(group * keys + i, y * width + z)
            }
        }
    }

    /// Swin's relative position bias `table[index(i, j), head]`, with
    /// `index = (yi − yj + w − 1)·(2w − 1) + (xi − xj + w − 1)`; 0 without a table.
    func bias(_ i: Int, _ j: Int, head: Int, heads: Int, table: [Float]?) -> Float {
        guard let table, window > 0 else { return 0 }
        let side = 2 * window - 1
        let index = (i / window - j / window + window - 1) * side + (i % window - j % window + window - 1)
        return table[index * heads + head]
    }

    /// −100 between positions of different regions of a shifted window, else 0.
    func mask(group: Int, _ i: Int, _ j: Int) -> Float {
        guard let labels else { return 0 }
        let a = position(group: group, i), b = position(group: group, j)
        return labels[a.row * paddedWidth + a.column] == labels[b.row * paddedWidth + b.column] ? 0 : -100
    }
}
