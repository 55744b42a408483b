import TissueNumerics

/// Builds SVG text deterministically: attributes in the order given, coordinates with at most
/// two decimals, and every piece of user text escaped (``escape(_:)``). No dependencies.
public struct SVGWriter: Sendable {
    public private(set) var body = ""
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished document.
    public var document: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>\n"
            + body + "</svg>\n"
    }

    /// An element with attributes (values escaped) and optional text content.
    public mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        body += "<\(name)" + attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        if let text {
            body += ">\(Self.escape(text))</\(name)>\n"
        } else {
            body += "/>\n"
        }
    }

    public mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        body += "<\(name)" + attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined() + ">\n"
    }

    public mutating func close(_ name: String) {
        body += "</\(name)>\n"
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil) {
        var attributes = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
                          ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        element("line", attributes)
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
                              stroke: String? = nil) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(w)),
                          ("height", Self.number(h)), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        element("rect", attributes)
    }

    /// Text at a point; `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double? = nil,
                              weight: String? = nil, fill: String = "#222222", rotate: Bool = false) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let size { attributes.append(("font-size", Self.number(size))) }
        if let weight { attributes.append(("font-weight", weight)) }
        attributes.append(("fill", fill))
        if rotate { attributes.append(("transform", "rotate(-90 \(Self.number(x)) \(Self.number(y)))")) }
        element("text", attributes, text: content)
    }

    /// SVG is XML: one escaping for text and attribute values (``XMLEscaping``).
    public static func escape(_ text: String) -> String {
        XMLEscaping.attribute(text)
    }

    /// At most two decimals, without trailing zeros: `12`, `12.5`, `12.25`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = NumberFormat.fixed(value, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
