import Testing
@testable import TissueReference

/// The blocked, vectorised, threaded GEMM against a plain triple loop, for every inner kernel,
/// one and two workers, shapes that cross every block boundary (KC = 256 deep, NC = 3072 wide,
/// both B-packing modes around 256 columns) and odd edges.
@Suite("GEMM")
struct GEMMTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        var m, n, k: Int
        var testDescription: String { "\(m)x\(n)x\(k)" }
    }

    static let shapes = [
        Shape(m: 1, n: 1, k: 1), Shape(m: 5, n: 7, k: 3), Shape(m: 13, n: 29, k: 17), Shape(m: 6, n: 8, k: 256),
        Shape(m: 9, n: 33, k: 257), Shape(m: 17, n: 255, k: 40), Shape(m: 23, n: 257, k: 31), Shape(m: 3, n: 3100, k: 5),
        Shape(m: 150, n: 20, k: 9), Shape(m: 49, n: 300, k: 600),
    ]

    @Test(arguments: shapes)
    func matchesTheTripleLoop(_ shape: Shape) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let a = Check.random(m * k, seed: 1), b = Check.random(k * n, seed: 2), c0 = Check.random(m * n, seed: 3)
        let product = DirectKernels.matmul(a, b, m: m, n: n, k: k)
        let expected = (0..<m * n).map { Double(c0[$0]) + product[$0] }
        var results: [[Float]] = []
        for kernel in Microkernel.all {
            for workers in [Workers.single, Workers(count: 2), Workers(count: 3)] {
                var c = c0
                let scratch = [Float](repeating: .nan, count: GEMM.scratchCount(m: m, n: n, k: k, kernel: kernel, workers: workers))
                var macs = 0
                scratch.withUnsafeBufferPointer { s in
                    c.withUnsafeMutableBufferPointer { cp in
                        a.withUnsafeBufferPointer { ap in
                            b.withUnsafeBufferPointer { bp in
                                macs = GEMM.multiply(m: m, n: n, k: k, a: ap.baseAddress!, lda: k,
                                                     b: .matrix(bp.baseAddress!, rowStride: n), c: cp.baseAddress!, ldc: n,
                                                     kernel: kernel, workers: workers, scratch: UnsafeMutablePointer(mutating: s.baseAddress!))
                            }
                        }
                    }
                }
                #expect(macs == m * n * k, "kernel \(kernel), \(workers.count) workers")
                Check.close(c, expected, tolerance: 1e-5, "kernel \(kernel), \(workers.count) workers")
                results.append(c)
            }
        }
        // The same sums in the same order: every kernel and worker count gives the same bits.
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test func microkernelChoiceFavoursNarrowKernelsForFewColumns() {
        let narrow = Microkernel.best(rows: 512, columns: 1)
        let wide = Microkernel.best(rows: 512, columns: 4096)
        // A product with one column wastes (NR − 1)/NR of a wide kernel's work.
        #expect(narrow.columns <= wide.columns)
        #expect(Microkernel.rates.count == Microkernel.all.count && Microkernel.rates.allSatisfy { $0 > 0 })
    }
}
