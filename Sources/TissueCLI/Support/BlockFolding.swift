/// Repeated blocks in printed `.arch` text made into `block` definitions, where that is simple:
/// the body's top-level statements are grouped as a composite (`residual { … }`, `concat { … }`,
/// `stack …` with its unit call) and the one-line statements after it; a group that occurs more
/// than once, word for word, becomes `block blockN() { … }`, each occurrence a call, and a run of
/// the same call `repeat N { blockN() }`. Everything else is left as printed.
enum BlockFolding {
    static func fold(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let inputIndex = lines.firstIndex(where: { $0.hasPrefix("input ") }) else { return text }
        let head = Array(lines[..<inputIndex])
        var body = Array(lines[(inputIndex + 1)...])
        if body.last == "" { body.removeLast() }

        // Top-level statements: a line, or a line opening braces and every line to their close.
        var statements: [[String]] = []
        var current: [String] = []
        var depth = 0
        for line in body {
            current.append(line)
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            if depth <= 0 {
                statements.append(current)
                current = []
                depth = 0
            }
        }
        if !current.isEmpty { statements.append(current) }

        // Groups: a composite and the one-line statements after it (the stem stays as it is).
        var prefix: [[String]] = []
        var groups: [[String]] = []
        for statement in statements {
            if statement.count > 1 {
                groups.append(statement)
            } else if groups.isEmpty {
                prefix.append(statement)
            } else {
                groups[groups.count - 1] += statement
            }
        }
        var counts: [[String]: Int] = [:]
        for group in groups { counts[group, default: 0] += 1 }
        guard counts.values.contains(where: { $0 > 1 }) else { return text }

        var names: [[String]: String] = [:]
        var definitions: [String] = []
        var calls: [String] = []
        for group in groups {
            guard counts[group, default: 0] > 1 else {
                calls += group
                continue
            }
            let name: String
            if let existing = names[group] {
                name = existing
            } else {
                name = "block\(names.count + 1)"
                names[group] = name
                definitions.append("block \(name)() {")
                definitions += group.map { "  " + $0 }
                definitions.append("}")
            }
            calls.append("\(name)()")
        }
        // Runs of the same call become one repeat.
        var folded: [String] = []
        var index = 0
        while index < calls.count {
            var end = index + 1
            while end < calls.count, calls[end] == calls[index], calls[index].hasSuffix("()") { end += 1 }
            folded.append(end - index > 1 ? "repeat \(end - index) { \(calls[index]) }" : calls[index])
            index = end
        }
        return (head + definitions + [lines[inputIndex]] + prefix.flatMap { $0 } + folded).joined(separator: "\n") + "\n"
    }
}
