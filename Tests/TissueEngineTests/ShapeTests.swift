import Testing
import TissueIR

/// Output sizes against PyTorch's documented formula, computed here independently:
/// `out = floor((n + 2p − d(k−1) − 1)/s) + 1`; with `ceil_mode` the ceiling, dropping the last
/// window when it would start in the right padding (`(out−1)·s ≥ n + p`).
@Suite("Shape inference")
struct ShapeTests {
    static func pytorchSize(_ n: Int, k: Int, s: Int, p: Int, d: Int = 1, ceil: Bool = false) -> Int {
        let numerator = n + 2 * p - d * (k - 1) - 1
        var out = (ceil ? (numerator + s - 1).floorDivided(by: s) : numerator.floorDivided(by: s)) + 1
        if ceil && (out - 1) * s >= n + p { out -= 1 }
        return out
    }

    /// Every combination of small sizes, kernels, strides, paddings and dilations that PyTorch accepts.
    static var convolutionCases: [(n: Int, k: Int, s: Int, p: Int, d: Int)] {
        var cases: [(Int, Int, Int, Int, Int)] = []
        for n in [1, 2, 5, 7, 8, 13] {
            for k in [1, 2, 3, 5] {
                for s in [1, 2, 3] {
                    for p in [0, 1, 2] {
                        for d in [1, 2] where pytorchSize(n, k: k, s: s, p: p, d: d) >= 1 {
                            cases.append((n, k, s, p, d))
                        }
                    }
                }
            }
        }
        return cases
    }

    @Test func convolutionMatchesPyTorchFormula() throws {
        for (n, k, s, p, d) in Self.convolutionCases {
            let analysis = try Repository.analyze("input 2x\(n)x\(n + 1)\nconv 3 k=\(k) s=\(s) p=\(p) d=\(d)")
            let expected = [3, Self.pytorchSize(n, k: k, s: s, p: p, d: d), Self.pytorchSize(n + 1, k: k, s: s, p: p, d: d)]
            #expect(analysis.output.dimensions == expected, "n=\(n) k=\(k) s=\(s) p=\(p) d=\(d)")
        }
    }

    @Test func poolingMatchesPyTorchFormulaIncludingCeilMode() throws {
        for n in [2, 3, 5, 6, 7, 9, 14] {
            for k in [2, 3] {
                for s in [1, 2, 3] {
                    for p in 0...(k / 2) {
                        for ceil in [false, true] where Self.pytorchSize(n, k: k, s: s, p: p, ceil: ceil) >= 1 {
                            for kind in ["maxpool", "avgpool"] {
                                let analysis = try Repository.analyze("input 4x\(n)x\(n)\n\(kind) k=\(k) s=\(s) p=\(p) ceil=\(ceil)")
                                let side = Self.pytorchSize(n, k: k, s: s, p: p, ceil: ceil)
                                #expect(analysis.output.dimensions == [4, side, side], "\(kind) n=\(n) k=\(k) s=\(s) p=\(p) ceil=\(ceil)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("layer shapes", arguments: [
        ("input 3x32x32\nconv 16 k=3 p=same", [16, 32, 32]),
        ("input 3x32x32\nconv 16 k=5 d=2 p=same s=2", [16, 16, 16]),
        ("input 3x32x32\nconv 16 k=1x7 p=0x3", [16, 32, 32]),
        ("input 8x10x10\ndwconv k=3 m=3", [24, 8, 8]),
        ("input 8x10x10\ngap", [8, 1, 1]),
        ("input 8x10x10\nflatten", [800]),
        ("input 8x10x10\ngap; flatten; linear 5", [5]),
        ("input 8x10x10\nshuffle g=4", [8, 10, 10]),
        ("input 8x10x10\nconcat { conv 3 k=1 } { conv 5 k=1 } { relu }", [16, 10, 10]),
        ("input 8x10x10\nresidual { conv 8 k=3 p=1 }", [8, 10, 10]),
        ("input 8x10x10\nresidual { conv 16 k=3 s=2 p=1 } shortcut { conv 16 k=1 s=2 }", [16, 5, 5]),
        ("unit u(a, b) in a { conv b k=1 }\ninput 8x10x10\nstack 2 x u(2, 3), 1 x u(4, 1)", [7, 10, 10]),
        ("unit m(a, b) in a { linear b; relu }\ninput 12\nstack (in/4) x m(4, 2)", [6]),
        ("unit id(c) in c { }\ninput 6x4x4\nstack 3 x id(2)", [6, 4, 4]),
        ("input 784\nlinear 10\nsoftmax", [10]),
    ])
    func layerShape(_ source: String, _ expected: [Int]) throws {
        #expect(try Repository.analyze(source).output.dimensions == expected)
    }
}

extension Int {
    /// Floor division (Swift's `/` truncates toward zero).
    func floorDivided(by d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
