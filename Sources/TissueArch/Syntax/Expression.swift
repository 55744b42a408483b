import TissueIR

/// An expression of the `.arch` language: integers, names (block parameters or the
/// built-in `in`), `+ - * /`, `true`/`false`, `same`, and `A x B` pairs for kernel sizes.
public indirect enum Expression: Sendable, Equatable {
    case integer(Int, SourceLocation)
    case boolean(Bool, SourceLocation)
    /// The word `same`, only meaningful as a padding.
    case same(SourceLocation)
    /// A block parameter, or `in` (the channel count entering the statement).
    case name(String, SourceLocation)
    case negate(Expression, SourceLocation)
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    /// `A x B`: height by width.
    case pair(Expression, Expression, SourceLocation)

    public enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    public var location: SourceLocation {
        switch self {
        case .integer(_, let l), .boolean(_, let l), .same(let l), .name(_, let l), .negate(_, let l),
             .binary(_, _, _, let l), .pair(_, _, let l):
            l
        }
    }
}
