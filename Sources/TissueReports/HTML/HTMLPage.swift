/// A self-contained HTML page: inline CSS and script, no external resources (its Content
/// Security Policy forbids loading any), readable without JavaScript and printable. The script
/// only adds what needs it: sorting by a column header and filtering the layers by path.
struct HTMLPage {
    var title: String
    var body = ""

    init(title: String) {
        self.title = title
    }

    /// Text content, escaped (HTML accepts XML's entities).
    static func escape(_ text: String) -> String { XMLEscaping.text(text) }
    static func attribute(_ text: String) -> String { XMLEscaping.attribute(text) }

    mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
        body += "<h\(level)\(id.map { " id=\"\(Self.attribute($0))\"" } ?? "")>\(Self.escape(text))</h\(level)>\n"
    }

    mutating func paragraph(_ text: String, className: String? = nil) {
        body += "<p\(className.map { " class=\"\($0)\"" } ?? "")>\(Self.escape(text))</p>\n"
    }

    /// A section around `content`, which the caller has already escaped.
    mutating func section(id: String, title: String, _ content: String) {
        body += "<section id=\"\(Self.attribute(id))\">\n<h2>\(Self.escape(title))</h2>\n\(content)</section>\n"
    }

    /// An SVG drawing, scaled down to the page width when wider.
    static func figure(_ svg: String, caption: String? = nil, id: String? = nil) -> String {
        "<figure\(id.map { " id=\"\(attribute($0))\"" } ?? "")>\n\(svg)"
            + (caption.map { "<figcaption>\(escape($0))</figcaption>\n" } ?? "") + "</figure>\n"
    }

    /// A list of notes under a table.
    static func notes(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "<ul class=\"notes\">\n" + lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    var document: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="tissue">
        <title>\(Self.escape(title))</title>
        <style>
        \(HTMLAssets.style)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        <script>
        \(HTMLAssets.script)</script>
        </body>
        </html>

        """
    }
}
