import TissueIR

/// The layout operations of transformers (no arithmetic, 0 MACs) and the parameter tensors
/// they add: class token, positional embedding, embedding lookup.
public enum TokenKernels {
    /// `x.flatten(2).transpose(1, 2)`: `C×H×W` → `(H·W)×C`.
    public static func tokens(_ input: Tensor) -> KernelOutput {
        KernelOutput(Tensor(shape: .tokens([input.plane, input.channels]), storage: transposed(input.storage, input.channels, input.plane)))
    }

    /// `x.permute(0, 2, 3, 1)` (`C×H×W` → `H×W×C`) or back.
    public static func permute(_ input: Tensor, to layout: TensorShape.Layout) -> KernelOutput {
        let d = input.shape.dimensions
        switch layout {
        case .channelsLast:
            return KernelOutput(Tensor(shape: .tokens([d[1], d[2], d[0]]), storage: transposed(input.storage, d[0], d[1] * d[2])))
        case .channelsFirst:
            return KernelOutput(Tensor(shape: .image(channels: d[2], height: d[0], width: d[1]),
                                       storage: transposed(input.storage, d[0] * d[1], d[2])))
        }
    }

    /// `x.transpose(-2, -1)`, batched over the leading axes.
    public static func transpose(_ input: Tensor) -> KernelOutput {
        var d = input.shape.dimensions
        let rows = d[d.count - 2], columns = d[d.count - 1]
        let matrix = rows * columns, entries = input.count / max(matrix, 1)
        var storage: [Float] = []
        storage.reserveCapacity(input.count)
        for entry in 0..<entries {
            storage += transposed(Array(input.storage[(entry * matrix)..<((entry + 1) * matrix)]), rows, columns)
        }
        d.swapAt(d.count - 1, d.count - 2)
        return KernelOutput(Tensor(shape: TensorShape(d, layout: input.shape.layout), storage: storage))
    }

    /// `torch.cat([token, x], dim=1)`: the learned token first.
    public static func prependToken(_ input: Tensor, token: [Float]) -> KernelOutput {
        let d = input.shape.dimensions
        return KernelOutput(Tensor(shape: .tokens([d[0] + 1, d[1]]), storage: token + input.storage))
    }

    /// `x + pos_embedding[:N]`: the first `N` rows of the table added.
    public static func addPositions(_ input: Tensor, table: [Float]) -> KernelOutput {
        var y = input
        for i in 0..<y.count { y.storage[i] += table[i] }
        return KernelOutput(y)
    }

    /// `x[:, index]`: one token as a vector.
    public static func select(_ input: Tensor, index: Int) -> KernelOutput {
        let width = input.channels
        return KernelOutput(Tensor(shape: .vector(width), storage: Array(input.storage[(index * width)..<((index + 1) * width)])))
    }

    /// The token id a float stands for in the reference pass, whose inputs are floats:
    /// `⌊|x|·V⌋ mod V`, so uniform inputs in `[−1, 1]` reach the whole vocabulary.
    public static func tokenID(_ x: Float, vocabulary: Int) -> Int {
        let scaled = (x.magnitude * Float(vocabulary)).rounded(.down)
        guard scaled.isFinite, scaled < 9.0e15 else { return 0 }
        return Int(scaled) % vocabulary
    }

    /// `nn.Embedding`: row `id` of the `[V, D]` table for each token id.
    public static func embed(_ ids: Tensor, table: [Float], _ embedding: Embedding) -> KernelOutput {
        var storage: [Float] = []
        storage.reserveCapacity(ids.count * embedding.width)
        for x in ids.storage {
            let id = tokenID(x, vocabulary: embedding.vocabulary)
            storage += table[(id * embedding.width)..<((id + 1) * embedding.width)]
        }
        return KernelOutput(Tensor(shape: .tokens([ids.count, embedding.width]), storage: storage))
    }

    /// Swin's patch merging gather (`_patch_merging_pad`): the map padded to even sides, then
    /// `[x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2], x[1::2, 1::2]]` side by side along features.
    public static func mergePatches(_ input: Tensor) -> KernelOutput {
        let d = input.shape.dimensions
        let height = d[0], width = d[1], channels = d[2]
        let outHeight = (height + 1) / 2, outWidth = (width + 1) / 2
        var storage = [Float](repeating: 0, count: outHeight * outWidth * 4 * channels)
        let offsets = [(0, 0), (1, 0), (0, 1), (1, 1)]
        for i in 0..<outHeight {
            for j in 0..<outWidth {
                for (part, (dy, dx)) in offsets.enumerated() {
                    let y = 2 * i + dy, x = 2 * j + dx
                    guard y < height, x < width else { continue }
                    let target = ((i * outWidth + j) * 4 + part) * channels
                    let source = (y * width + x) * channels
                    for c in 0..<channels { storage[target + c] = input.storage[source + c] }
                }
            }
        }
        return KernelOutput(Tensor(shape: .tokens([outHeight, outWidth, 4 * channels]), storage: storage))
    }

    /// An `rows × columns` matrix transposed.
    static func transposed(_ x: [Float], _ rows: Int, _ columns: Int) -> [Float] {
        [Float](count: x.count) { y in
            x.withUnsafeBufferPointer { p in
                guard let p = p.baseAddress else { return }
                MatrixProduct.transpose(p, rows: rows, columns: columns, into: y)
            }
        }
    }
}
