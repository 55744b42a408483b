import TissueIR

/// Where the B operand of a ``GEMM`` comes from, and how a block of it is packed.
enum GEMMSource {
    /// A row-major matrix: `B[p, j] = base[p·rowStride + j]`.
    case matrix(UnsafePointer<Float>, rowStride: Int)
    /// The patch matrix of a convolution (implicit im2col, never materialised): row
    /// `p = (c·kh + ky)·kw + kx`, column `j = oy·outW + ox`, value
    /// `x[c, oy·sh − ph + ky·dh, ox·sw − pw + kx·dw]`, or 0 where that falls in the padding.
    case patches(Patches)

    struct Patches {
        /// The first input channel of the group.
        var input: UnsafePointer<Float>
        var height: Int
        var width: Int
        var kernel: Pair
        var stride: Pair
        var padding: Pair
        var dilation: Pair
        var outputWidth: Int
    }

    /// Writes the rows `rows` of `B[p0 ..< p0+depth, j0 ..< j0+count]` in micro-panels of `lanes`
    /// columns: panel `q` holds `depth` rows of `lanes` floats at `out + q·depth·lanes` (columns
    /// past `count` are zero), the layout ``Microkernel`` reads. A patch row is first gathered into
    /// `row` (`count` floats), so its index arithmetic is done once per row, not once per panel.
    func pack(rows: Range<Int>, of p0: Int, depth: Int, columns j0: Int, count: Int, lanes: Int,
              into out: UnsafeMutablePointer<Float>, row: UnsafeMutablePointer<Float>) {
        for p in rows {
            let source: UnsafePointer<Float>
            switch self {
            case .matrix(let base, let rowStride):
                source = base + (p0 + p) * rowStride + j0
            case .patches(let patches):
                patches.packRow(p0 + p, columns: j0, count: count, into: row)
                source = UnsafePointer(row)
            }
            var j = 0
            // Whole micro-panel rows as plain loops (vectorised; a memmove call per 8 floats is not).
            while j + lanes <= count {
                let target = out + (j / lanes) * depth * lanes + p * lanes
                for t in 0..<lanes { target[t] = source[j + t] }
                j += lanes
            }
            if j < count {
                let target = out + (j / lanes) * depth * lanes + p * lanes
                for t in 0..<lanes { target[t] = j + t < count ? source[j + t] : 0 }
            }
        }
    }
}

extension GEMMSource.Patches {
    /// One patch-matrix row over `count` columns, copied run by run: the columns of one output
    /// row read one input row at stride `sw`, zero where the window lies in the padding.
    func packRow(_ p: Int, columns j0: Int, count: Int, into out: UnsafeMutablePointer<Float>) {
        let taps = kernel.area
        let channel = p / taps
        let ky = (p % taps) / kernel.width, kx = p % kernel.width
        let plane = input + channel * height * width
        let offsetY = ky * dilation.height - padding.height
        let offsetX = kx * dilation.width - padding.width
        let sw = stride.width
        // First and one-past-last output column whose tap lands inside the input row.
        let firstX = offsetX >= 0 ? 0 : (-offsetX + sw - 1) / sw
        let endX = width - offsetX <= 0 ? 0 : (width - 1 - offsetX) / sw + 1
        var j = 0
        var oy = j0 / outputWidth, ox = j0 % outputWidth
        while j < count {
            let run = min(count - j, outputWidth - ox)
            let iy = oy * stride.height + offsetY
            let row = out + j
            if iy < 0 || iy >= height {
                for t in 0..<run { row[t] = 0 }
            } else {
                let lo = min(max(firstX - ox, 0), run), hi = max(min(endX - ox, run), lo)
                for t in 0..<lo { row[t] = 0 }
                let source = plane + iy * width + (ox * sw + offsetX)
                if sw == 1 {
                    for t in lo..<hi { row[t] = source[t] }
                } else {
                    for t in lo..<hi { row[t] = source[t * sw] }
                }
                for t in hi..<run { row[t] = 0 }
            }
            j += run
            ox = 0
            oy += 1
        }
    }
}
