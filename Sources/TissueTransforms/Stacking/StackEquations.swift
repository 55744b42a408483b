import TissueIR
import TissueNumerics

/// The paper's Eq. 5–8 for a stacked layer of units with three layers of c1, c2, c3 channels and
/// k×k kernels (weights W1: k·k·c1·c2 and W2: k·k·c2·c3), on an input of H×W. The first
/// convolution has the stride; both pad by ⌊k/2⌋, so W1×H1 and W2×H2 are their output sizes.
///
/// Homogeneous (n identical units):
/// - Eq. 5 `M_s = n·(k²·c1·c2 + k²·c2·c3)`
/// - Eq. 6 `M_f = k²·(n·c1)·(n·c2) + k²·(n·c2)·(n·c3) = n·M_s`
/// - Eq. 7 `F_s = n·(k²·c1·c2·W1·H1 + k²·c2·c3·W2·H2)`
/// - Eq. 8 `F_f = n²·(k²·c1·c2·W1·H1 + k²·c2·c3·W2·H2) = n·F_s`
///
/// Hybrid (unit i with c1ᵢ, c2ᵢ, c3ᵢ): `M_s = Σ k²(c1ᵢc2ᵢ + c2ᵢc3ᵢ)`,
/// `M_f = k²(Σc1ᵢ)(Σc2ᵢ) + k²(Σc2ᵢ)(Σc3ᵢ)`, and likewise for F. The equations count convolution
/// weights and multiply-accumulates only (no bias, no batch norm).
public struct StackEquations: Sendable, Equatable {
    /// `count` units with channels `c1 → c2 → c3`.
    public struct Item: Sendable, Equatable {
        public var count: Int
        public var c1: Int, c2: Int, c3: Int

        public init(count: Int, c1: Int, c2: Int, c3: Int) {
            self.count = count
            self.c1 = c1
            self.c2 = c2
            self.c3 = c3
        }
    }

    public var items: [Item]
    public var kernel: Int
    public var stride: Int
    public var height: Int
    public var width: Int

    public init(items: [Item], kernel: Int, stride: Int = 1, height: Int, width: Int) {
        self.items = items
        self.kernel = kernel
        self.stride = stride
        self.height = height
        self.width = width
    }

    public var padding: Int { kernel / 2 }

    /// Output sides of the first (strided) and second convolution, `⌊(n + 2p − k)/s⌋ + 1`
    /// and `n₁ + 2p − k + 1`, overflow-checked.
    public func outputSizes() throws(Checked.Overflow) -> (first: Pair, second: Pair) {
        func side(_ n: Int, stride s: Int) throws(Checked.Overflow) -> Int {
            try Checked.add(try Checked.subtract(try Checked.add(n, try Checked.multiply(2, padding)), kernel) / max(s, 1), 1)
        }
        let first = Pair(try side(height, stride: stride), try side(width, stride: stride))
        return (first, Pair(try side(first.height, stride: 1), try side(first.width, stride: 1)))
    }

    /// The four quantities, overflow-checked.
    public struct Result: Sendable, Equatable {
        public var stackedMemory: Int  // Eq. 5
        public var denseMemory: Int  // Eq. 6
        public var stackedComputation: Int  // Eq. 7
        public var denseComputation: Int  // Eq. 8

        public init(stackedMemory: Int, denseMemory: Int, stackedComputation: Int, denseComputation: Int) {
            self.stackedMemory = stackedMemory
            self.denseMemory = denseMemory
            self.stackedComputation = stackedComputation
            self.denseComputation = denseComputation
        }
    }

    public func evaluate() throws(Checked.Overflow) -> Result {
        let k2 = try Checked.multiply(kernel, kernel)
        let (first, second) = try outputSizes()
        let area1 = try Checked.multiply(first.height, first.width), area2 = try Checked.multiply(second.height, second.width)
        var ms = 0, fs = 0, sum1 = 0, sum2 = 0, sum3 = 0
        for item in items {
            let w1Weights = try Checked.product(k2, item.c1, item.c2)
            let w2Weights = try Checked.product(k2, item.c2, item.c3)
            let unitMemory = try Checked.add(w1Weights, w2Weights)
            let unitComputation = try Checked.add(try Checked.multiply(w1Weights, area1), try Checked.multiply(w2Weights, area2))
            ms = try Checked.add(ms, try Checked.multiply(item.count, unitMemory))
            fs = try Checked.add(fs, try Checked.multiply(item.count, unitComputation))
            sum1 = try Checked.add(sum1, try Checked.multiply(item.count, item.c1))
            sum2 = try Checked.add(sum2, try Checked.multiply(item.count, item.c2))
            sum3 = try Checked.add(sum3, try Checked.multiply(item.count, item.c3))
        }
        let d1 = try Checked.product(k2, sum1, sum2), d2 = try Checked.product(k2, sum2, sum3)
        let mf = try Checked.add(d1, d2)
        let ff = try Checked.add(try Checked.multiply(d1, area1), try Checked.multiply(d2, area2))
        return Result(stackedMemory: ms, denseMemory: mf, stackedComputation: fs, denseComputation: ff)
    }

    /// The same layer built from the basic unit (without batch normalisation, as the equations
    /// count), on an input of `Σ count·c1` channels, so the engine can count it layer by layer.
    public func layer() throws(GraphError) -> Network {
        let template = BasicUnit.template(kernel: kernel, batchNorm: false, name: "u")
        var channels = 0
        for item in items {
            do { channels = try Checked.add(channels, try Checked.multiply(item.count, item.c1)) } catch {
                throw GraphError(.countOverflow, path: ["stack"])
            }
        }
        let input = TensorShape.image(channels: channels, height: height, width: width)
        var units: [Stack.Unit] = []
        for (index, item) in items.enumerated() {
            let stack = try BasicUnit.stack(template, count: item.count, arguments: [item.c1, item.c2, item.c3, stride],
                                            input: input, path: ["stack", "u\(index + 1)"])
            units += stack.units
        }
        var builder = GraphBuilder()
        let entry = builder.input(input)
        builder.output(try builder.add(.stack(Stack(units: units)), inputs: [entry], path: ["stack"]))
        return Network(name: "stacked-layer", graph: try builder.build())
    }
}
