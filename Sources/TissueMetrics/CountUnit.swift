
/// The unit a table prints FLOPs or parameters in: the paper's Tables 2–3 print FLOPs in ×10⁸,
/// Table 4 in G, Table 5 in M (FLOPs) and k (params). A printed number times ``factor`` is the count.
public enum CountUnit: String, Sendable, CaseIterable, Hashable {
    case one = "1"
    case kilo = "k"
    case mega = "M"
    case hundredMillion = "1e8"
    case giga = "G"
    case tera = "T"

    public var factor: Double {
        switch self {
        case .one: 1
        case .kilo: 1e3
        case .mega: 1e6
        case .hundredMillion: 1e8
        case .giga: 1e9
        case .tera: 1e12
        }
    }

    /// For column titles in text and Markdown: `FLOPs (×10⁸)`, `Params (M)`.
    public var title: String {
        self == .hundredMillion ? "×10⁸" : rawValue
    }

    /// ` (×10⁸)` for a title, or nothing for plain counts.
    public var suffix: String {
        self == .one ? "" : " (\(title))"
    }

    /// ` (MB)` for a byte column's title, or ` (B)` for plain bytes.
    public var bytesSuffix: String {
        self == .one ? " (B)" : " (\(title)B)"
    }

    /// Accepts the raw value and a few spellings people write in headers (`e8`, `10^8`, `K`).
    public init?(token: String) {
        switch token {
        case "1", "": self = .one
        case "k", "K": self = .kilo
        case "M": self = .mega
        case "1e8", "e8", "10^8", "x1e8", "×10⁸": self = .hundredMillion
        case "G", "B": self = .giga
        case "T": self = .tera
        default: return nil
        }
    }

    /// The spellings accepted for the unit of FLOPs or params, for messages.
    public static var accepted: [String] { allCases.map(\.rawValue) }
}
