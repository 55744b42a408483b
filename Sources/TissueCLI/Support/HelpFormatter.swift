/// Help text made from a ``CommandSpec``: synopsis, description, arguments, options with their
/// defaults and choices, and examples. `docs/cli.md` is checked against this output.
enum HelpFormatter {
    static func help(for spec: CommandSpec) -> String {
        var out = "USAGE: \(synopsis(spec))\n\n\(spec.abstract)\n"
        if !spec.discussion.isEmpty { out += "\n" + wrap(spec.discussion, indent: "") + "\n" }
        if !spec.positionals.isEmpty {
            out += "\nARGUMENTS:\n"
            for positional in spec.positionals {
                out += row(positional.name + (positional.repeating ? "..." : ""), positional.help)
            }
        }
        out += "\nOPTIONS:\n"
        for option in spec.allOptions {
            var label = option.short.map { "-\($0), " } ?? ""
            label += "--\(option.name)"
            if let value = option.valueName { label += " \(value)" }
            var text = option.help
            if let choices = option.choices { text += " One of: \(choices.joined(separator: ", "))." }
            // A default is never split across lines: `glue` holds it together while wrapping.
            if let value = option.defaultValue { text += " (default:\(glue)\(value))" }
            out += row(label, text)
        }
        if !spec.examples.isEmpty {
            out += "\nEXAMPLES:\n" + spec.examples.map { "  \($0)\n" }.joined()
        }
        return out
    }

    static func synopsis(_ spec: CommandSpec) -> String {
        var parts = ["tissue", spec.name]
        for option in spec.options {
            let short = option.short.map { "-\($0)|" } ?? ""
            let form = "\(short)--\(option.name)\(option.valueName.map { " \($0)" } ?? "")"
            parts.append(option.required ? form : "[\(form)]")
        }
        for positional in spec.positionals {
            let name = positional.name + (positional.repeating ? "..." : "")
            parts.append(positional.optional ? "[\(name)]" : name)
        }
        return parts.joined(separator: " ")
    }

    /// Stands for a space that wrapping must not break, as in `(default: standard)`.
    static let glue: Character = "\u{1F}"

    private static func row(_ label: String, _ text: String) -> String {
        let column = 26
        let lead = "  " + label
        let wrapped = lead.count < column - 1
            ? lead + String(repeating: " ", count: column - lead.count) + wrap(text, indent: String(repeating: " ", count: column), first: false) + "\n"
            : lead + "\n" + wrap(text, indent: String(repeating: " ", count: column)) + "\n"
        return String(wrapped.map { $0 == glue ? " " : $0 })
    }

    /// Word-wraps at 100 columns.
    static func wrap(_ text: String, indent: String, first: Bool = true) -> String {
        var lines: [String] = []
        var line = first ? indent : ""
        var lineLength = first ? indent.count : indent.count
        for word in text.split(separator: " ") {
            if lineLength + word.count + 1 > 100, lineLength > indent.count {
                lines.append(line)
                line = indent
                lineLength = indent.count
            }
            if lineLength > indent.count { line += " "; lineLength += 1 }
            line += word
            lineLength += word.count
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
