import Testing
import TissueIR
import TissueTransforms

/// Eq. 5–8 (the paper's memory and computation of stacked vs fully connected layers), derived here
/// in closed form, against the engine's layer-by-layer counts of the stacked layer and of its
/// dense counterpart, over generated homogeneous and hybrid cases.
@Suite("Stacked layers: Eq. 5–8")
struct StackEquationTests {
    struct Case: CustomStringConvertible, Sendable {
        var units: [(n: Int, c1: Int, c2: Int, c3: Int)]
        var k: Int, stride: Int, h: Int, w: Int
        var description: String {
            "k=\(k) s=\(stride) \(h)x\(w) " + units.map { "\($0.n)x(\($0.c1),\($0.c2),\($0.c3))" }.joined(separator: " + ")
        }
    }

    static let cases: [Case] = {
        var g = SplitMix64(seed: 2024)
        var result: [Case] = []
        for index in 0..<120 {
            let itemCount = index % 3 == 0 ? 1 : g.next(2...3)  // a third homogeneous, the rest hybrid
            var units: [(Int, Int, Int, Int)] = []
            for _ in 0..<itemCount {
                units.append((g.next(1...12), g.next(1...6), g.next(1...8), g.next(1...6)))
            }
            let k = [1, 3, 5, 7][g.next(0...3)]
            result.append(Case(units: units, k: k, stride: g.next(1...3), h: g.next(k...20), w: g.next(k...20)))
        }
        return result
    }()

    @Test("engine counts equal the closed forms", arguments: cases)
    func equations(_ c: Case) throws {
        let k2 = c.k * c.k, p = c.k / 2
        let h1 = (c.h + 2 * p - c.k) / c.stride + 1, w1 = (c.w + 2 * p - c.k) / c.stride + 1
        let h2 = h1 + 2 * p - c.k + 1, w2 = w1 + 2 * p - c.k + 1
        let ms = c.units.reduce(0) { $0 + $1.n * (k2 * $1.c1 * $1.c2 + k2 * $1.c2 * $1.c3) }
        let fs = c.units.reduce(0) { $0 + $1.n * (k2 * $1.c1 * $1.c2 * w1 * h1 + k2 * $1.c2 * $1.c3 * w2 * h2) }
        let s1 = c.units.reduce(0) { $0 + $1.n * $1.c1 }
        let s2 = c.units.reduce(0) { $0 + $1.n * $1.c2 }
        let s3 = c.units.reduce(0) { $0 + $1.n * $1.c3 }
        let mf = k2 * s1 * s2 + k2 * s2 * s3
        let ff = k2 * s1 * s2 * w1 * h1 + k2 * s2 * s3 * w2 * h2

        let equations = StackEquations(items: c.units.map { .init(count: $0.n, c1: $0.c1, c2: $0.c2, c3: $0.c3) },
                                       kernel: c.k, stride: c.stride, height: c.h, width: c.w)
        let analysis = try Analysis(try equations.layer())
        let comparisons = try StackComparison.all(in: analysis)
        let stack = try #require(comparisons.first)
        #expect(stack.stacked.params == ms)
        #expect(stack.stacked.macs == fs)
        #expect(stack.dense?.params == mf)
        #expect(stack.dense?.macs == ff)
        if c.units.count == 1 {
            let n = c.units[0].n
            #expect(mf == n * ms, "Eq. 6: M_f = n·M_s")
            #expect(ff == n * fs, "Eq. 8: F_f = n·F_s")
        }
        let closed = try equations.evaluate()
        #expect(closed == .init(stackedMemory: ms, denseMemory: mf, stackedComputation: fs, denseComputation: ff))
    }

    @Test func unitsWithDifferentStructuresHaveNoCounterpart() throws {
        let source = """
            unit a(c) in c { conv c k=3 p=1 }
            unit b(c) in c { conv c k=5 p=2 }
            input 4x8x8
            stack 2 x a(1), 2 x b(1)
            """
        let stack = try #require(try StackComparison.all(in: try Repository.analyze(source)).first)
        #expect(stack.dense == nil)
        #expect(stack.reason?.contains("'conv 5x5' vs 'conv 3x3'") == true)
    }

    @Test func mlpUnitsHaveALinearCounterpart() throws {
        let source = "unit m(a, b) in a { linear b; relu; linear a }\ninput 64\nstack 16 x m(4, 8)"
        let stack = try #require(try StackComparison.all(in: try Repository.analyze(source)).first)
        // Stacked: 16·(4·8+8 + 8·4+4); dense: 64·128+128 + 128·64+64.
        #expect(stack.stacked.params == 16 * (4 * 8 + 8 + 8 * 4 + 4))
        #expect(stack.dense?.params == 64 * 128 + 128 + 128 * 64 + 64)
    }
}
