
/// Escaping for XML 1.0 text and attribute values (https://www.w3.org/TR/xml/#syntax).
///
/// `&`, `<`, `>`, `"` and `'` become entities. Control characters other than tab, line feed and
/// carriage return cannot appear in XML 1.0 at all, not even as references, so they become
/// U+FFFD. In attributes, tab and line breaks are written as character references, because
/// attribute-value normalisation would otherwise turn them into spaces.
public enum XMLEscaping {
    public static func text(_ value: String) -> String {
        escape(value, attribute: false)
    }

    public static func attribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    private static func escape(_ value: String, attribute: Bool) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += attribute ? "&quot;" : "\""
            case "'": out += attribute ? "&apos;" : "'"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
