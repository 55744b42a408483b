import TissueNumerics

/// How the non-zero weights of a sparse layer are stored, each as its index overhead on top of
/// the values, for a weight matrix of R rows, C columns, W = R·C weights and nnz non-zeros,
/// values of b bits and indices of B bits (`index-bits=B`, default 32):
///
/// | format | index bits | source |
/// |---|---|---|
/// | `csr` | nnz·B column indices + (R+1)·B row pointers | compressed sparse row (`scipy.sparse.csr_matrix`, `torch.sparse_csr_tensor`); the row pointers are counted |
/// | `coo` | 2·nnz·B (a row and a column index per value) | coordinate list (`torch.sparse_coo_tensor`, 2-D) |
/// | `bitmask` | W bits, one per weight | a dense bit mask beside the packed values |
/// | `nm:N:M` | nnz·⌈log₂M⌉ | N:M structured sparsity: N kept in every M consecutive weights of a row, each with its position in the group (NVIDIA's 2:4 sparse tensor cores, 2 bits per value) |
///
/// Each array is rounded up to whole bytes on its own by ``Precision/bytes(_:)``. A format beats
/// dense storage (W·b bits) below its *crossover density*
/// `d* = (Σ W·b − fixed) / Σ W·(b + perValue)`, where `perValue` is the index bits per non-zero
/// and `fixed` the bits that do not depend on nnz (csr's row pointers, the bitmask).
public enum SparseFormat: Sendable, Hashable {
    case csr, coo, bitmask
    /// `kept` of every `group` consecutive weights of a row.
    case nm(kept: Int, group: Int)

    /// The names `format=` accepts (N:M written `nm:2:4`).
    public static let names = ["csr", "coo", "bitmask", "nm:N:M"]

    public var name: String {
        switch self {
        case .csr: "csr"
        case .coo: "coo"
        case .bitmask: "bitmask"
        case .nm(let kept, let group): "nm:\(kept):\(group)"
        }
    }

    /// Whether `index-bits` means anything for the format.
    public var usesIndexBits: Bool {
        switch self {
        case .csr, .coo: true
        case .bitmask, .nm: false
        }
    }

    /// Index bits per stored value.
    public func perValueIndexBits(indexBits: Int) -> Int {
        switch self {
        case .csr: indexBits
        case .coo: 2 * indexBits
        case .bitmask: 0
        case .nm(_, let group): Self.positionBits(group)
        }
    }

    /// Index bits that do not depend on the number of values.
    public func fixedIndexBits(_ matrix: WeightMatrix, indexBits: Int) throws(Checked.Overflow) -> Int {
        switch self {
        case .csr: try Checked.multiply(matrix.rows + 1, indexBits)
        case .coo, .nm: 0
        case .bitmask: matrix.weights
        }
    }

    /// Bytes of the index arrays for `nonzero` stored values, each array rounded up to bytes.
    public func indexBytes(_ matrix: WeightMatrix, nonzero: Int, indexBits: Int) throws(Checked.Overflow) -> Int {
        let index = Precision(bits: indexBits) ?? .float32
        switch self {
        case .csr:
            return try Checked.add(try index.bytes(nonzero), try index.bytes(matrix.rows + 1))
        case .coo:
            return try Checked.multiply(2, try index.bytes(nonzero))
        case .bitmask:
            return try (Precision(bits: 1) ?? .int8).bytes(matrix.weights)
        case .nm(_, let group):
            return try (Precision(bits: Self.positionBits(group)) ?? .int8).bytes(nonzero)
        }
    }

    /// Non-zeros of an N:M layout: every full group of M in a row keeps N, the last partial
    /// group of r weights keeps min(N, r).
    public func structuredNonzero(_ matrix: WeightMatrix) -> Int? {
        guard case .nm(let kept, let group) = self else { return nil }
        return matrix.rows * ((matrix.columns / group) * kept + min(kept, matrix.columns % group))
    }

    /// `⌈log₂ M⌉`: bits to name a position in a group of M.
    static func positionBits(_ group: Int) -> Int {
        var bits = 0
        while (1 << bits) < group { bits += 1 }
        return max(bits, 1)
    }
}
