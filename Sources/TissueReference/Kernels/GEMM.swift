/// Cache-blocked matrix product `C[m×n] += A[m×k]·B[k×n]` (all row-major), after Goto & van de
/// Geijn ("Anatomy of high-performance matrix multiplication", 2008) as BLIS arranges it:
///
///     for jc in n by NC:                 B panel (KC×NC) stays in L3, shared by all workers
///       for pc in k by KC:  pack B̃
///         for ic in m by MC:             A block (MC×KC) stays in L2, one per worker
///           for jr in NC by NR:          B micro-panel (KC×NR) stays in L1
///             for ir in MC by MR: microkernel C[MR×NR] += A·B̃
///
/// A (the weights) is read where it lies, `MR` rows side by side: packing it would cost a pass
/// over every weight per call, which measured slower than the strided reads (the rows stay in L2
/// across the `jr` loop). Only a last partial micro-panel is copied, to pad it with zero rows.
/// B is packed (implicit im2col for convolutions, see ``GEMMSource``), split across workers by
/// rows; the product is split by (A block, column range) items. Edge tiles run into a scratch tile
/// and only their valid part is written back. Each C element sums its k products in ascending
/// order whatever the blocking, kernel or worker count, so results are bit-identical across them.
enum GEMM {
    /// KC: the depth of one packed panel.
    static let depthBlock = 256
    /// The largest MC (a multiple of every kernel's MR).
    static let rowBlock = 144
    /// The largest NC (a multiple of every kernel's NR).
    static let columnBlock = 3072

    /// Floats of scratch ``multiply`` needs: a workspace per worker, and either a private B panel
    /// per worker or one shared B panel.
    static func scratchCount(m: Int, n: Int, k: Int, kernel: Microkernel, workers: Workers) -> Int {
        let kc = min(k, depthBlock)
        let nc = roundUp(min(n, columnBlock), kernel.columns)
        let workspace = kernel.rows * kc + kernel.rows * kernel.columns + nc
        return n <= privatePanelColumns ? workers.count * (workspace + kc * nc) : workers.count * workspace + kc * nc
    }

    /// `C += A·B`. `A[i, p] = a[i·lda + p]`, `C[i, j] = c[i·ldc + j]`. `scratch` must hold
    /// ``scratchCount(m:n:k:kernel:workers:)`` floats. Returns the multiply-accumulates executed:
    /// the sum over every microkernel call of its valid rows × valid columns × depth.
    ///
    /// With many columns the workers share each packed B panel (two dispatches per depth block);
    /// with few (n ≤ ``privatePanelColumns``) each worker packs its own copy and runs all depth
    /// blocks in one dispatch, since there dispatch latency would outweigh the duplicated packing.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMSource,
                         c: UnsafeMutablePointer<Float>, ldc: Int, kernel: Microkernel, workers: Workers,
                         scratch: UnsafeMutablePointer<Float>) -> Int {
        guard m > 0, n > 0, k > 0 else { return 0 }
        let mr = kernel.rows, nr = kernel.columns
        // As many A blocks as a multiple of the workers, so that they share the rows evenly.
        let blocks = roundUp(ceilDivide(m, rowBlock), workers.count)
        let mc = roundUp(ceilDivide(m, blocks), mr)
        let rowBlocks = ceilDivide(m, mc)
        let kcMax = min(k, depthBlock)
        let ncMax = roundUp(min(n, columnBlock), nr)
        let privatePanels = n <= privatePanelColumns && rowBlocks >= workers.count
        let plan = Plan(m: m, k: k, mc: mc, kcMax: kcMax, ncMax: ncMax, a: a, lda: lda, b: b, c: c, ldc: ldc,
                        kernel: kernel, scratch: scratch, privatePanels: privatePanels)
        let executed = UnsafeMutablePointer<Int>.allocate(capacity: workers.count)
        executed.initialize(repeating: 0, count: workers.count)
        defer { executed.deallocate() }

        var jc = 0
        while jc < n {
            let nc = min(columnBlock, n - jc)
            let panels = ceilDivide(nc, nr)
            if privatePanels {
                workers.run(items: workers.count) { worker, _ in
                    let packedB = plan.workspace(worker) + plan.perWorker
                    var pc = 0
                    while pc < k {
                        let kc = min(depthBlock, k - pc)
                        b.pack(rows: 0..<kc, of: pc, depth: kc, columns: jc, count: nc, lanes: nr, into: packedB,
                               row: plan.workspace(worker) + mr * kcMax + mr * nr)
                        var block = worker
                        while block < rowBlocks {
                            executed[worker] += plan.compute(block * mc, pc: pc, kc: kc, jc: jc, nc: nc,
                                                             panels: 0..<panels, packedB: packedB, worker: worker)
                            block += workers.count
                        }
                        pc += kc
                    }
                }
            } else {
                let columnParts = rowBlocks >= workers.count ? 1 : workers.count
                let packedB = scratch + workers.count * plan.perWorker
                var pc = 0
                while pc < k {
                    let kc = min(depthBlock, k - pc)
                    workers.split(kc) { worker, rows in
                        b.pack(rows: rows, of: pc, depth: kc, columns: jc, count: nc, lanes: nr, into: packedB,
                               row: plan.workspace(worker) + mr * kcMax + mr * nr)
                    }
                    workers.run(items: rowBlocks * columnParts) { worker, item in
                        let part = item % columnParts
                        executed[worker] += plan.compute((item / columnParts) * mc, pc: pc, kc: kc, jc: jc, nc: nc,
                                                         panels: (panels * part / columnParts)..<(panels * (part + 1) / columnParts),
                                                         packedB: packedB, worker: worker)
                    }
                    pc += kc
                }
            }
            jc += nc
        }
        return (0..<workers.count).reduce(0) { $0 + executed[$1] }
    }

    /// Products with at most this many columns give every worker its own packed B.
    static let privatePanelColumns = 256

    /// The fixed parts of one product, shared by the workers.
    private struct Plan {
        let m, k, mc, kcMax, ncMax: Int
        let a: UnsafePointer<Float>
        let lda: Int
        let b: GEMMSource
        let c: UnsafeMutablePointer<Float>
        let ldc: Int
        let kernel: Microkernel
        let scratch: UnsafeMutablePointer<Float>
        let privatePanels: Bool

        /// Per worker: a zero-padded A micro-panel, an edge tile, a gathered patch row.
        var perWorker: Int { kernel.rows * kcMax + kernel.rows * kernel.columns + ncMax }

        /// A worker's workspace, followed by its B panel when each worker packs its own.
        func workspace(_ worker: Int) -> UnsafeMutablePointer<Float> {
            scratch + worker * (perWorker + (privatePanels ? kcMax * ncMax : 0))
        }

        /// One A block (rows `ic..<ic+mc`) times the given micro-panels of the packed B for depth
        /// block `pc`; returns the multiply-accumulates executed.
        func compute(_ ic: Int, pc: Int, kc: Int, jc: Int, nc: Int, panels: Range<Int>,
                     packedB: UnsafeMutablePointer<Float>, worker: Int) -> Int {
            let mr = kernel.rows, nr = kernel.columns
            let rows = min(mc, m - ic)
            let padded = workspace(worker)
            let tile = padded + mr * kcMax
            if rows % mr != 0 {
                packPartial(a + (ic + rows - rows % mr) * lda + pc, lda: lda, rows: rows % mr, depth: kc, mr: mr, into: padded)
            }
            var done = 0
            for panel in panels {
                let j = panel * nr
                let columns = min(nr, nc - j)
                let bPanel = packedB + panel * kc * nr
                var ir = 0
                while ir < rows {
                    let valid = min(mr, rows - ir)
                    let target = c + (ic + ir) * ldc + jc + j
                    let aPanel = valid == mr ? a + (ic + ir) * lda + pc : UnsafePointer(padded)
                    let (rs, ds) = valid == mr ? (lda, 1) : (1, mr)
                    if valid == mr && columns == nr {
                        kernel.body(kc, aPanel, rs, ds, bPanel, target, ldc)
                    } else {
                        GEMM.edgeTile(kernel, kc, aPanel, rs, ds, bPanel, target, ldc, valid, columns, tile)
                    }
                    done += valid * columns * kc
                    ir += mr
                }
            }
            return done
        }
    }

    /// The last `rows < mr` rows of an A block as one micro-panel `Ã[p·mr + r] = A[r, p]`, with
    /// zero rows below them.
    static func packPartial(_ a: UnsafePointer<Float>, lda: Int, rows: Int, depth: Int, mr: Int,
                            into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: depth * mr)
        for p in 0..<depth {
            for r in 0..<rows { out[p * mr + r] = a[r * lda + p] }
        }
    }

    /// A partial tile: run the kernel on a full scratch tile and copy back the valid part.
    static func edgeTile(_ kernel: Microkernel, _ kc: Int, _ a: UnsafePointer<Float>, _ rs: Int, _ ds: Int,
                                 _ b: UnsafePointer<Float>,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ rows: Int, _ columns: Int,
                                 _ tile: UnsafeMutablePointer<Float>) {
        let nr = kernel.columns
        tile.update(repeating: 0, count: kernel.rows * nr)
        for r in 0..<rows {
            for j in 0..<columns { tile[r * nr + j] = c[r * ldc + j] }
        }
        kernel.body(kc, a, rs, ds, b, tile, nr)
        for r in 0..<rows {
            for j in 0..<columns { c[r * ldc + j] = tile[r * nr + j] }
        }
    }
}

@inline(__always) func ceilDivide(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
@inline(__always) func roundUp(_ a: Int, _ b: Int) -> Int { ceilDivide(a, b) * b }

