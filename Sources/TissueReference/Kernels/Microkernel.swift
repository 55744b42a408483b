/// Register-blocked GEMM inner kernels: `C[MR×NR] += A·B̃`, where `A[r, p] = a[r·rs + p·ds]`
/// (rows of the weights in place: `rs = lda`, `ds = 1`; or a padded micro-panel: `rs = 1`,
/// `ds = MR`) and the packed `B̃` holds `kc` rows of `NR` consecutive values
/// (`B̃[p·NR + j] = B[p, j]`). Every C element is loaded once, updated as `c ← c + a·b` for
/// p = 0, 1, …, kc−1 in that order, and stored once, so its rounding does not depend on the kernel
/// shape: all kernels produce identical bits.
///
/// Multiply and add are separate operations (Swift does not contract them into FMA, and a portable
/// x86-64 build has no FMA instruction). Which shape is fastest depends on the vector registers
/// the build targets (16 SSE registers in a portable build, 32 AVX-512 registers with
/// `-target-cpu native`), which Swift cannot test at compile time, so each candidate is timed
/// once per process (``rates``) and ``best(rows:columns:)`` picks per matrix shape: a wide kernel
/// wastes most of its work on a product with few columns.
public struct Microkernel: Sendable, CustomStringConvertible {
    public typealias Body = @Sendable (Int, UnsafePointer<Float>, Int, Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// Rows of C per call (MR).
    public let rows: Int
    /// Columns of C per call (NR).
    public let columns: Int
    let body: Body

    public var description: String { "\(rows)x\(columns)" }

    /// Every kernel shape, smallest first.
    public static let all = [
        Microkernel(rows: 4, columns: 4, body: kernel4x4),
        Microkernel(rows: 6, columns: 8, body: kernel6x8),
        Microkernel(rows: 6, columns: 16, body: kernel6x16),
        Microkernel(rows: 8, columns: 32, body: kernel8x32),
    ]

    /// Each kernel's multiply-accumulates per second on this machine and build, measured once.
    public static let rates: [Double] = all.map { $0.measuredRate() }

    /// The kernel with the highest measured rate.
    public static var fastest: Microkernel {
        best(rows: Int.max / 64, columns: Int.max / 64)
    }

    /// The kernel expected to compute `C[m×n]` soonest: the tile area it computes, `m` and `n`
    /// rounded up to its MR and NR, over its measured rate.
    public static func best(rows m: Int, columns n: Int) -> Microkernel {
        var best = all[0], bestTime = Double.infinity
        for (kernel, rate) in zip(all, rates) {
            let area = Double(roundUp(max(m, 1), kernel.rows)) * Double(roundUp(max(n, 1), kernel.columns))
            if area / rate < bestTime { (best, bestTime) = (kernel, area / rate) }
        }
        return best
    }

    /// Multiply-accumulates per second on cache-resident panels, best of three 2 ms bursts.
    func measuredRate() -> Double {
        let kc = 256
        let a = UnsafeMutablePointer<Float>.allocate(capacity: kc * rows)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: kc * columns)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        a.initialize(repeating: 0.5, count: kc * rows)
        b.initialize(repeating: 0.25, count: kc * columns)
        c.initialize(repeating: 0, count: rows * columns)
        var best = 0.0
        for _ in 0..<3 {
            var calls = 0
            let start = MonotonicClock.seconds()
            var elapsed = 0.0
            while elapsed < 0.002 {
                body(kc, a, 1, rows, b, c, columns)
                calls += 1
                elapsed = MonotonicClock.seconds() - start
            }
            best = max(best, Double(calls * kc * rows * columns) / elapsed)
        }
        return best
    }
}

@inline(__always) private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) private func load16(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) private func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Float>) where V.Scalar == Float {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

extension Microkernel {
    /// 6×8 with one 8-lane vector per row: 6 accumulators (12 SSE registers).
    static func kernel6x8(_ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ds: Int, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load8(c + 0 * ldc + 0)
        var c10 = load8(c + 1 * ldc + 0)
        var c20 = load8(c + 2 * ldc + 0)
        var c30 = load8(c + 3 * ldc + 0)
        var c40 = load8(c + 4 * ldc + 0)
        var c50 = load8(c + 5 * ldc + 0)
        var a0 = a + 0 * rs; var a1 = a + 1 * rs; var a2 = a + 2 * rs; var a3 = a + 3 * rs; var a4 = a + 4 * rs; var a5 = a + 5 * rs
        var pb = b
        for _ in 0..<kc {
            let b0 = load8(pb + 0)
            let s0 = SIMD8<Float>(repeating: a0.pointee); c00 += s0 * b0
            let s1 = SIMD8<Float>(repeating: a1.pointee); c10 += s1 * b0
            let s2 = SIMD8<Float>(repeating: a2.pointee); c20 += s2 * b0
            let s3 = SIMD8<Float>(repeating: a3.pointee); c30 += s3 * b0
            let s4 = SIMD8<Float>(repeating: a4.pointee); c40 += s4 * b0
            let s5 = SIMD8<Float>(repeating: a5.pointee); c50 += s5 * b0
            a0 += ds; a1 += ds; a2 += ds; a3 += ds; a4 += ds; a5 += ds; pb += 8
        }
        store(c00, c + 0 * ldc + 0)
        store(c10, c + 1 * ldc + 0)
        store(c20, c + 2 * ldc + 0)
        store(c30, c + 3 * ldc + 0)
        store(c40, c + 4 * ldc + 0)
        store(c50, c + 5 * ldc + 0)
    }

    /// 6×16 with two 8-lane vectors per row: 12 accumulators (the classic AVX2 shape).
    static func kernel6x16(_ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ds: Int, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load8(c + 0 * ldc + 0); var c01 = load8(c + 0 * ldc + 8)
        var c10 = load8(c + 1 * ldc + 0); var c11 = load8(c + 1 * ldc + 8)
        var c20 = load8(c + 2 * ldc + 0); var c21 = load8(c + 2 * ldc + 8)
        var c30 = load8(c + 3 * ldc + 0); var c31 = load8(c + 3 * ldc + 8)
        var c40 = load8(c + 4 * ldc + 0); var c41 = load8(c + 4 * ldc + 8)
        var c50 = load8(c + 5 * ldc + 0); var c51 = load8(c + 5 * ldc + 8)
        var a0 = a + 0 * rs; var a1 = a + 1 * rs; var a2 = a + 2 * rs; var a3 = a + 3 * rs; var a4 = a + 4 * rs; var a5 = a + 5 * rs
        var pb = b
        for _ in 0..<kc {
            let b0 = load8(pb + 0); let b1 = load8(pb + 8)
            let s0 = SIMD8<Float>(repeating: a0.pointee); c00 += s0 * b0; c01 += s0 * b1
            let s1 = SIMD8<Float>(repeating: a1.pointee); c10 += s1 * b0; c11 += s1 * b1
            let s2 = SIMD8<Float>(repeating: a2.pointee); c20 += s2 * b0; c21 += s2 * b1
            let s3 = SIMD8<Float>(repeating: a3.pointee); c30 += s3 * b0; c31 += s3 * b1
            let s4 = SIMD8<Float>(repeating: a4.pointee); c40 += s4 * b0; c41 += s4 * b1
            let s5 = SIMD8<Float>(repeating: a5.pointee); c50 += s5 * b0; c51 += s5 * b1
            a0 += ds; a1 += ds; a2 += ds; a3 += ds; a4 += ds; a5 += ds; pb += 16
        }
        store(c00, c + 0 * ldc + 0); store(c01, c + 0 * ldc + 8)
        store(c10, c + 1 * ldc + 0); store(c11, c + 1 * ldc + 8)
        store(c20, c + 2 * ldc + 0); store(c21, c + 2 * ldc + 8)
        store(c30, c + 3 * ldc + 0); store(c31, c + 3 * ldc + 8)
        store(c40, c + 4 * ldc + 0); store(c41, c + 4 * ldc + 8)
        store(c50, c + 5 * ldc + 0); store(c51, c + 5 * ldc + 8)
    }

    /// 8×32 with two 16-lane vectors per row: 16 accumulators (AVX-512).
    static func kernel8x32(_ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ds: Int, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load16(c + 0 * ldc + 0); var c01 = load16(c + 0 * ldc + 16)
        var c10 = load16(c + 1 * ldc + 0); var c11 = load16(c + 1 * ldc + 16)
        var c20 = load16(c + 2 * ldc + 0); var c21 = load16(c + 2 * ldc + 16)
        var c30 = load16(c + 3 * ldc + 0); var c31 = load16(c + 3 * ldc + 16)
        var c40 = load16(c + 4 * ldc + 0); var c41 = load16(c + 4 * ldc + 16)
        var c50 = load16(c + 5 * ldc + 0); var c51 = load16(c + 5 * ldc + 16)
        var c60 = load16(c + 6 * ldc + 0); var c61 = load16(c + 6 * ldc + 16)
        var c70 = load16(c + 7 * ldc + 0); var c71 = load16(c + 7 * ldc + 16)
        var a0 = a + 0 * rs; var a1 = a + 1 * rs; var a2 = a + 2 * rs; var a3 = a + 3 * rs; var a4 = a + 4 * rs; var a5 = a + 5 * rs; var a6 = a + 6 * rs; var a7 = a + 7 * rs
        var pb = b
        for _ in 0..<kc {
            let b0 = load16(pb + 0); let b1 = load16(pb + 16)
            let s0 = SIMD16<Float>(repeating: a0.pointee); c00 += s0 * b0; c01 += s0 * b1
            let s1 = SIMD16<Float>(repeating: a1.pointee); c10 += s1 * b0; c11 += s1 * b1
            let s2 = SIMD16<Float>(repeating: a2.pointee); c20 += s2 * b0; c21 += s2 * b1
            let s3 = SIMD16<Float>(repeating: a3.pointee); c30 += s3 * b0; c31 += s3 * b1
            let s4 = SIMD16<Float>(repeating: a4.pointee); c40 += s4 * b0; c41 += s4 * b1
            let s5 = SIMD16<Float>(repeating: a5.pointee); c50 += s5 * b0; c51 += s5 * b1
            let s6 = SIMD16<Float>(repeating: a6.pointee); c60 += s6 * b0; c61 += s6 * b1
            let s7 = SIMD16<Float>(repeating: a7.pointee); c70 += s7 * b0; c71 += s7 * b1
            a0 += ds; a1 += ds; a2 += ds; a3 += ds; a4 += ds; a5 += ds; a6 += ds; a7 += ds; pb += 32
        }
        store(c00, c + 0 * ldc + 0); store(c01, c + 0 * ldc + 16)
        store(c10, c + 1 * ldc + 0); store(c11, c + 1 * ldc + 16)
        store(c20, c + 2 * ldc + 0); store(c21, c + 2 * ldc + 16)
        store(c30, c + 3 * ldc + 0); store(c31, c + 3 * ldc + 16)
        store(c40, c + 4 * ldc + 0); store(c41, c + 4 * ldc + 16)
        store(c50, c + 5 * ldc + 0); store(c51, c + 5 * ldc + 16)
        store(c60, c + 6 * ldc + 0); store(c61, c + 6 * ldc + 16)
        store(c70, c + 7 * ldc + 0); store(c71, c + 7 * ldc + 16)
    }

    /// 4×4 in scalar registers: no SIMD types, whose generic operations are not inlined in an
    /// unoptimised (debug) build, where this kernel is the fastest.
    static func kernel4x4(_ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ds: Int, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = c[0 * ldc + 0]; var c01 = c[0 * ldc + 1]; var c02 = c[0 * ldc + 2]; var c03 = c[0 * ldc + 3]
        var c10 = c[1 * ldc + 0]; var c11 = c[1 * ldc + 1]; var c12 = c[1 * ldc + 2]; var c13 = c[1 * ldc + 3]
        var c20 = c[2 * ldc + 0]; var c21 = c[2 * ldc + 1]; var c22 = c[2 * ldc + 2]; var c23 = c[2 * ldc + 3]
        var c30 = c[3 * ldc + 0]; var c31 = c[3 * ldc + 1]; var c32 = c[3 * ldc + 2]; var c33 = c[3 * ldc + 3]
        var a0 = a + 0 * rs; var a1 = a + 1 * rs; var a2 = a + 2 * rs; var a3 = a + 3 * rs
        var pb = b
        for _ in 0..<kc {
            let b0 = pb[0]; let b1 = pb[1]; let b2 = pb[2]; let b3 = pb[3]
            let s0 = a0.pointee; c00 += s0 * b0; c01 += s0 * b1; c02 += s0 * b2; c03 += s0 * b3
            let s1 = a1.pointee; c10 += s1 * b0; c11 += s1 * b1; c12 += s1 * b2; c13 += s1 * b3
            let s2 = a2.pointee; c20 += s2 * b0; c21 += s2 * b1; c22 += s2 * b2; c23 += s2 * b3
            let s3 = a3.pointee; c30 += s3 * b0; c31 += s3 * b1; c32 += s3 * b2; c33 += s3 * b3
            a0 += ds; a1 += ds; a2 += ds; a3 += ds; pb += 4
        }
        c[0 * ldc + 0] = c00; c[0 * ldc + 1] = c01; c[0 * ldc + 2] = c02; c[0 * ldc + 3] = c03
        c[1 * ldc + 0] = c10; c[1 * ldc + 1] = c11; c[1 * ldc + 2] = c12; c[1 * ldc + 3] = c13
        c[2 * ldc + 0] = c20; c[2 * ldc + 1] = c21; c[2 * ldc + 2] = c22; c[2 * ldc + 3] = c23
        c[3 * ldc + 0] = c30; c[3 * ldc + 1] = c31; c[3 * ldc + 2] = c32; c[3 * ldc + 3] = c33
    }
}
