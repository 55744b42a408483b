/// Register-blocked GEMM inner kernels: `C[MR×NR] += Ã·B̃` for packed panels, where `Ã` holds
/// `kc` columns of `MR` consecutive A values (`Ã[p·MR + r] = A[r, p]`) and `B̃` holds `kc` rows of
/// `NR` consecutive B values (`B̃[p·NR + j] = B[p, j]`). Every C element is loaded once, updated
/// as `c ← c + a·b` for p = 0, 1, …, kc−1 in that order, and stored once, so its rounding does not
/// depend on the kernel shape: all kernels produce identical bits.
///
/// Multiply and add are separate operations (Swift does not contract them into FMA, and a portable
/// x86-64 build has no FMA instruction). Which shape is fastest depends on the vector registers
/// the build targets (16 SSE registers in a portable build, 32 AVX-512 registers with
/// `-target-cpu native`), which Swift cannot test at compile time, so ``Microkernel/fastest`` is
/// chosen by timing each candidate once per process.
public struct Microkernel: Sendable, CustomStringConvertible {
    public typealias Body = @Sendable (Int, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// Rows of C per call (MR).
    public let rows: Int
    /// Columns of C per call (NR).
    public let columns: Int
    let body: Body

    public var description: String { "\(rows)x\(columns)" }

    /// Every kernel shape, smallest first.
    public static let all = [
        Microkernel(rows: 6, columns: 8, body: kernel6x8),
        Microkernel(rows: 6, columns: 16, body: kernel6x16),
        Microkernel(rows: 8, columns: 32, body: kernel8x32),
    ]

    /// The kernel that runs fastest on this machine and build, measured once.
    public static let fastest: Microkernel = {
        var best = all[0], bestRate = 0.0
        for kernel in all {
            let rate = kernel.measuredRate()
            if rate > bestRate { (best, bestRate) = (kernel, rate) }
        }
        return best
    }()

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
                body(kc, a, b, c, columns)
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
    static func kernel6x8(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load8(c + 0 * ldc + 0)
        var c10 = load8(c + 1 * ldc + 0)
        var c20 = load8(c + 2 * ldc + 0)
        var c30 = load8(c + 3 * ldc + 0)
        var c40 = load8(c + 4 * ldc + 0)
        var c50 = load8(c + 5 * ldc + 0)
        var pa = a, pb = b
        for _ in 0..<kc {
            let b0 = load8(pb + 0)
            let a0 = SIMD8<Float>(repeating: pa[0]); c00 += a0 * b0
            let a1 = SIMD8<Float>(repeating: pa[1]); c10 += a1 * b0
            let a2 = SIMD8<Float>(repeating: pa[2]); c20 += a2 * b0
            let a3 = SIMD8<Float>(repeating: pa[3]); c30 += a3 * b0
            let a4 = SIMD8<Float>(repeating: pa[4]); c40 += a4 * b0
            let a5 = SIMD8<Float>(repeating: pa[5]); c50 += a5 * b0
            pa += 6; pb += 8
        }
        store(c00, c + 0 * ldc + 0)
        store(c10, c + 1 * ldc + 0)
        store(c20, c + 2 * ldc + 0)
        store(c30, c + 3 * ldc + 0)
        store(c40, c + 4 * ldc + 0)
        store(c50, c + 5 * ldc + 0)
    }

    /// 6×16 with two 8-lane vectors per row: 12 accumulators (the classic AVX2 shape).
    static func kernel6x16(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load8(c + 0 * ldc + 0); var c01 = load8(c + 0 * ldc + 8)
        var c10 = load8(c + 1 * ldc + 0); var c11 = load8(c + 1 * ldc + 8)
        var c20 = load8(c + 2 * ldc + 0); var c21 = load8(c + 2 * ldc + 8)
        var c30 = load8(c + 3 * ldc + 0); var c31 = load8(c + 3 * ldc + 8)
        var c40 = load8(c + 4 * ldc + 0); var c41 = load8(c + 4 * ldc + 8)
        var c50 = load8(c + 5 * ldc + 0); var c51 = load8(c + 5 * ldc + 8)
        var pa = a, pb = b
        for _ in 0..<kc {
            let b0 = load8(pb + 0); let b1 = load8(pb + 8)
            let a0 = SIMD8<Float>(repeating: pa[0]); c00 += a0 * b0; c01 += a0 * b1
            let a1 = SIMD8<Float>(repeating: pa[1]); c10 += a1 * b0; c11 += a1 * b1
            let a2 = SIMD8<Float>(repeating: pa[2]); c20 += a2 * b0; c21 += a2 * b1
            let a3 = SIMD8<Float>(repeating: pa[3]); c30 += a3 * b0; c31 += a3 * b1
            let a4 = SIMD8<Float>(repeating: pa[4]); c40 += a4 * b0; c41 += a4 * b1
            let a5 = SIMD8<Float>(repeating: pa[5]); c50 += a5 * b0; c51 += a5 * b1
            pa += 6; pb += 16
        }
        store(c00, c + 0 * ldc + 0); store(c01, c + 0 * ldc + 8)
        store(c10, c + 1 * ldc + 0); store(c11, c + 1 * ldc + 8)
        store(c20, c + 2 * ldc + 0); store(c21, c + 2 * ldc + 8)
        store(c30, c + 3 * ldc + 0); store(c31, c + 3 * ldc + 8)
        store(c40, c + 4 * ldc + 0); store(c41, c + 4 * ldc + 8)
        store(c50, c + 5 * ldc + 0); store(c51, c + 5 * ldc + 8)
    }

    /// 8×32 with two 16-lane vectors per row: 16 accumulators (AVX-512).
    static func kernel8x32(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        var c00 = load16(c + 0 * ldc + 0); var c01 = load16(c + 0 * ldc + 16)
        var c10 = load16(c + 1 * ldc + 0); var c11 = load16(c + 1 * ldc + 16)
        var c20 = load16(c + 2 * ldc + 0); var c21 = load16(c + 2 * ldc + 16)
        var c30 = load16(c + 3 * ldc + 0); var c31 = load16(c + 3 * ldc + 16)
        var c40 = load16(c + 4 * ldc + 0); var c41 = load16(c + 4 * ldc + 16)
        var c50 = load16(c + 5 * ldc + 0); var c51 = load16(c + 5 * ldc + 16)
        var c60 = load16(c + 6 * ldc + 0); var c61 = load16(c + 6 * ldc + 16)
        var c70 = load16(c + 7 * ldc + 0); var c71 = load16(c + 7 * ldc + 16)
        var pa = a, pb = b
        for _ in 0..<kc {
            let b0 = load16(pb + 0); let b1 = load16(pb + 16)
            let a0 = SIMD16<Float>(repeating: pa[0]); c00 += a0 * b0; c01 += a0 * b1
            let a1 = SIMD16<Float>(repeating: pa[1]); c10 += a1 * b0; c11 += a1 * b1
            let a2 = SIMD16<Float>(repeating: pa[2]); c20 += a2 * b0; c21 += a2 * b1
            let a3 = SIMD16<Float>(repeating: pa[3]); c30 += a3 * b0; c31 += a3 * b1
            let a4 = SIMD16<Float>(repeating: pa[4]); c40 += a4 * b0; c41 += a4 * b1
            let a5 = SIMD16<Float>(repeating: pa[5]); c50 += a5 * b0; c51 += a5 * b1
            let a6 = SIMD16<Float>(repeating: pa[6]); c60 += a6 * b0; c61 += a6 * b1
            let a7 = SIMD16<Float>(repeating: pa[7]); c70 += a7 * b0; c71 += a7 * b1
            pa += 8; pb += 32
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
}
