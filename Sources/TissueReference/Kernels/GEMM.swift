/// Cache-blocked matrix product `C[m×n] += A[m×k]·B[k×n]` (all row-major), after Goto & van de
/// Geijn ("Anatomy of high-performance matrix multiplication", 2008) as BLIS arranges it:
///
///     for jc in n by NC:                 B panel (KC×NC) stays in L3, shared by all workers
///       for pc in k by KC:  pack B̃
///         for ic in m by MC: pack Ã      A block (MC×KC) stays in L2, one per worker
///           for jr in NC by NR:          B micro-panel (KC×NR) stays in L1
///             for ir in MC by MR: microkernel C[MR×NR] += Ã·B̃
///
/// Edge tiles run on zero-padded panels into a scratch tile, and only their valid part is
/// written back. Packing B is split across workers by micro-panels, the product by (A block,
/// column range) items. Each C element sums its k products in ascending order whatever the
/// blocking, kernel or worker count, so results are bit-identical across all of them.
enum GEMM {
    /// KC: the depth of one packed panel.
    static let depthBlock = 256
    /// The largest MC (a multiple of every kernel's MR).
    static let rowBlock = 144
    /// The largest NC (a multiple of every kernel's NR).
    static let columnBlock = 3072

    /// Floats of scratch ``multiply`` needs.
    static func scratchCount(m: Int, n: Int, k: Int, kernel: Microkernel, workers: Workers) -> Int {
        let kc = min(k, depthBlock)
        let nc = roundUp(min(n, columnBlock), kernel.columns)
        let mc = roundUp(min(m, rowBlock), kernel.rows)
        return kc * nc + workers.count * (mc * kc + kernel.rows * kernel.columns + nc)
    }

    /// `C += A·B`. `A[i, p] = a[i·lda + p]`, `C[i, j] = c[i·ldc + j]`. `scratch` must hold
    /// ``scratchCount(m:n:k:kernel:workers:)`` floats. Returns the multiply-accumulates executed:
    /// the sum over every microkernel call of its valid rows × valid columns × depth.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMSource,
                         c: UnsafeMutablePointer<Float>, ldc: Int, kernel: Microkernel, workers: Workers,
                         scratch: UnsafeMutablePointer<Float>, packed: UnsafePointer<Float>? = nil) -> Int {
        guard m > 0, n > 0, k > 0 else { return 0 }
        let mr = kernel.rows, nr = kernel.columns
        // As many A blocks as a multiple of the workers, so that they share the rows evenly.
        let blocks = roundUp(ceilDivide(m, rowBlock), workers.count)
        let mc = roundUp(ceilDivide(m, blocks), mr)
        let rowBlocks = ceilDivide(m, mc)
        let columnParts = rowBlocks >= workers.count ? 1 : workers.count
        let kcMax = min(k, depthBlock)
        let packedB = scratch
        let ncMax = roundUp(min(n, columnBlock), nr)
        let perWorker = mc * kcMax + mr * nr + ncMax
        let executed = UnsafeMutablePointer<Int>.allocate(capacity: workers.count)
        executed.initialize(repeating: 0, count: workers.count)
        defer { executed.deallocate() }

        var jc = 0
        while jc < n {
            let nc = min(columnBlock, n - jc)
            let panels = ceilDivide(nc, nr)
            var pc = 0
            while pc < k {
                let kc = min(depthBlock, k - pc)
                workers.split(kc) { worker, rows in
                    let row = scratch + kcMax * ncMax + worker * perWorker + mc * kcMax + mr * nr
                    b.pack(rows: rows, of: pc, depth: kc, columns: jc, count: nc, lanes: nr, into: packedB, row: row)
                }
                workers.run(items: rowBlocks * columnParts) { worker, item in
                    let ic = (item / columnParts) * mc
                    let part = item % columnParts
                    let rows = min(mc, m - ic)
                    let packedA = scratch + kcMax * ncMax + worker * perWorker
                    let tile = packedA + mc * kcMax
                    let aBlock: UnsafePointer<Float>
                    if let packed {
                        aBlock = packed + pc * roundUp(m, mr) + ic * kc
                    } else {
                        packA(a + ic * lda + pc, lda: lda, rows: rows, depth: kc, mr: mr, into: packedA)
                        aBlock = UnsafePointer(packedA)
                    }
                    var done = 0
                    for panel in (panels * part / columnParts)..<(panels * (part + 1) / columnParts) {
                        let j = panel * nr
                        let columns = min(nr, nc - j)
                        let bPanel = packedB + panel * kc * nr
                        var ir = 0
                        while ir < rows {
                            let valid = min(mr, rows - ir)
                            let target = c + (ic + ir) * ldc + jc + j
                            let aPanel = aBlock + ir * kc
                            if valid == mr && columns == nr {
                                kernel.body(kc, aPanel, bPanel, target, ldc)
                            } else {
                                edgeTile(kernel, kc, aPanel, bPanel, target, ldc, valid, columns, tile)
                            }
                            done += valid * columns * kc
                            ir += mr
                        }
                    }
                    executed[worker] += done
                }
                pc += kc
            }
            jc += nc
        }
        return (0..<workers.count).reduce(0) { $0 + executed[$1] }
    }

    /// `Ã`: `depth` columns of `A[0..<rows, ·]` in micro-panels of `mr` rows, zero-padded.
    static func packA(_ a: UnsafePointer<Float>, lda: Int, rows: Int, depth: Int, mr: Int,
                      into out: UnsafeMutablePointer<Float>) {
        var ir = 0
        while ir < rows {
            let panel = out + ir * depth
            let valid = min(mr, rows - ir)
            if valid < mr { panel.update(repeating: 0, count: depth * mr) }
            // Reading the rows side by side keeps `valid` sequential streams for the prefetcher.
            for p in 0..<depth {
                for r in 0..<valid { panel[p * mr + r] = a[(ir + r) * lda + p] }
            }
            ir += mr
        }
    }

    /// A partial tile: run the kernel on a full scratch tile and copy back the valid part.
    private static func edgeTile(_ kernel: Microkernel, _ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ rows: Int, _ columns: Int,
                                 _ tile: UnsafeMutablePointer<Float>) {
        let nr = kernel.columns
        tile.update(repeating: 0, count: kernel.rows * nr)
        for r in 0..<rows {
            for j in 0..<columns { tile[r * nr + j] = c[r * ldc + j] }
        }
        kernel.body(kc, a, b, tile, nr)
        for r in 0..<rows {
            for j in 0..<columns { c[r * ldc + j] = tile[r * nr + j] }
        }
    }
}

@inline(__always) func ceilDivide(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
@inline(__always) func roundUp(_ a: Int, _ b: Int) -> Int { ceilDivide(a, b) * b }

extension GEMM {
    /// All of A packed: for each depth block `pc`, `ceil(m/MR)` micro-panels of `kc×MR`,
    /// at `pc·roundUp(m, MR) + i·kc` for micro-panel starting at row `i`.
    static func packAll(_ a: UnsafePointer<Float>, lda: Int, m: Int, k: Int, mr: Int, into out: UnsafeMutablePointer<Float>) {
        let mPadded = roundUp(m, mr)
        var pc = 0
        while pc < k {
            let kc = min(depthBlock, k - pc)
            packA(a + pc, lda: lda, rows: m, depth: kc, mr: mr, into: out + pc * mPadded)
            pc += kc
        }
    }
}
