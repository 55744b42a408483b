
/// What an expression evaluates to during expansion.
public enum Value: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case boolean(Bool)
    /// `AxB` (height x width).
    case pair(Int, Int)
    /// The padding keyword `same`.
    case same

    public var description: String {
        switch self {
        case .integer(let v): "\(v)"
        case .boolean(let b): "\(b)"
        case .pair(let h, let w): "\(h)x\(w)"
        case .same: "same"
        }
    }

    /// How the value is named in a type-mismatch message.
    var kindDescription: String {
        switch self {
        case .integer(let v): "the integer \(v)"
        case .boolean(let b): "the boolean '\(b)'"
        case .pair(let h, let w): "the size '\(h)x\(w)'"
        case .same: "'same'"
        }
    }
}
