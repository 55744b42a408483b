import TissueDiagnostics
import TissueIR
import TissueMetrics
import TissueNumerics

extension TableSpec {
    /// The statements of the format, for "did you mean".
    public enum Statement: String, Sendable, CaseIterable {
        case title, columns, units, decimals, scores, target, convention, results
        case section, group, published, baseline, candidate
    }

    /// Parses spec text; every error carries the line and column of the offending word.
    public static func parse(_ source: String) throws(Diagnostic) -> TableSpec {
        var spec = TableSpec()
        var seen: Set<Statement> = []
        for line in try SpecLine.split(source) {
            let word = line.keyword.text
            guard let statement = Statement(rawValue: word), !line.keyword.quoted else {
                throw Diagnostic(.unknownSpecStatement(word, suggestion: Suggestion.closest(
                    to: word, among: Statement.allCases.map(\.rawValue))), at: line.keyword.location)
            }
            let once: Set<Statement> = [.title, .columns, .units, .decimals, .scores, .target, .convention]
            if once.contains(statement), !seen.insert(statement).inserted {
                throw Diagnostic(.duplicateStatement(word), at: line.keyword.location)
            }
            try spec.apply(statement, line)
        }
        return spec
    }

    private mutating func apply(_ statement: Statement, _ line: SpecLine) throws(Diagnostic) {
        switch statement {
        case .title:
            title = try line.text(what: "a title, as in 'title \"Table 2: CIFAR-100\"'")
        case .section:
            entries.append(.section(try line.text(what: "a heading, as in 'section \"(a) Tiny-ImageNet\"'")))
        case .group:
            entries.append(.group(try line.text(what: "a group title, as in 'group VGG-16'")))
        case .columns:
            try line.noAttributes()
            guard !line.words.isEmpty else {
                throw Diagnostic(.expected("column names, as in 'columns model method acc flops params ce se'",
                                           found: "end of line"), at: line.end)
            }
            columns = []
            for word in line.words {
                guard let column = ComparisonColumn(rawValue: word.text) else {
                    let names = ComparisonColumn.allCases.map(\.rawValue)
                    throw Diagnostic(.unknownColumn(word.text, suggestion: Suggestion.closest(to: word.text, among: names),
                                                    accepted: names), at: word.location)
                }
                columns?.append(column)
            }
        case .units:
            try line.noWords(example: "units flops=1e8 params=M")
            for attribute in try line.checkedAttributes(["flops", "params"], statement: "units") {
                guard let unit = CountUnit(token: attribute.value.text) else {
                    throw Diagnostic(.unknownUnit(attribute.value.text, accepted: CountUnit.accepted), at: attribute.value.location)
                }
                if attribute.key.text == "flops" { flopsUnit = unit } else { paramsUnit = unit }
            }
        case .decimals:
            let word = try line.single(what: "a number of decimals from 0 to 6, as in 'decimals 2'")
            guard let n = Int(word.text), (0...6).contains(n) else {
                throw Diagnostic(.expected("a number of decimals from 0 to 6", found: word.display), at: word.location)
            }
            decimals = n
        case .scores:
            let word = try line.single(what: "'computed' or 'reported'")
            guard let preference = ComparisonTable.ScorePreference(rawValue: word.text) else {
                throw Diagnostic(.expected("'computed' or 'reported'", found: word.display), at: word.location)
            }
            scores = preference
        case .target:
            let word = try line.single(what: "a CE/SE value or a row's label, as in 'target 1' or 'target \"NCP [20]\"'")
            if !word.quoted, ResultsFile.isPlainDecimal(word.text), let value = Double(word.text) {
                target = Located(.value(value), at: word.location)
            } else {
                target = Located(.row(word.text), at: word.location)
            }
        case .convention:
            let word = try line.single(what: "a counting convention, as in 'convention thop'")
            guard let parsed = Convention(rawValue: word.text) else {
                let names = Convention.allCases.map(\.rawValue)
                throw Diagnostic(.expected("a convention (\(names.joined(separator: ", ")))", found: word.display),
                                 at: word.location)
            }
            convention = parsed
        case .results:
            let word = try line.single(what: "a CSV file, as in 'results my-results.csv'")
            results.append(Located(word.text, at: word.location))
        case .published:
            let source = try line.single(what: "a results source, as in 'published lan2022-table2'", allowAttributes: true)
            var filters: [Filter] = []
            for attribute in try line.checkedAttributes(Filter.Key.allCases.map(\.rawValue), statement: "published") {
                if let key = Filter.Key(rawValue: attribute.key.text) {
                    filters.append(Filter(key: key, value: attribute.value.text))
                }
            }
            entries.append(.published(Selector(source: Located(source.text, at: source.location), filters: filters,
                                               location: line.keyword.location)))
        case .baseline, .candidate:
            let path = try line.single(what: "an .arch file, as in '\(statement.rawValue) model.arch'", allowAttributes: true)
            var entry = ModelEntry(role: statement == .baseline ? .baseline : .candidate, path: path.text,
                                   location: path.location)
            for attribute in try line.checkedAttributes(["acc", "label", "dataset"], statement: statement.rawValue) {
                switch attribute.key.text {
                case "acc":
                    guard ResultsFile.isPlainDecimal(attribute.value.text), let value = DecimalLiteral(attribute.value.text),
                          value.value <= 100 else {
                        throw Diagnostic(.accuracyOutOfRange(attribute.value.text), at: attribute.value.location)
                    }
                    entry.accuracy = value
                case "label": entry.label = attribute.value.text
                default: entry.dataset = attribute.value.text
                }
            }
            entries.append(.model(entry))
        }
    }
}

extension SpecLine {
    /// The rest of the line as one text: a quoted string, or the words joined by single spaces.
    func text(what: String) throws(Diagnostic) -> String {
        try noAttributes()
        guard !words.isEmpty else { throw Diagnostic(.expected(what, found: "end of line"), at: end) }
        return words.map(\.text).joined(separator: " ")
    }

    /// Exactly one word.
    func single(what: String, allowAttributes: Bool = false) throws(Diagnostic) -> Word {
        if !allowAttributes { try noAttributes() }
        guard let first = words.first else { throw Diagnostic(.expected(what, found: "end of line"), at: end) }
        if words.count > 1 {
            throw Diagnostic(.expected("end of line after \(first.display)", found: words[1].display), at: words[1].location)
        }
        return first
    }

    func noAttributes() throws(Diagnostic) {
        if let attribute = attributes.first {
            throw Diagnostic(.unknownAttribute(attribute.key.text, operation: keyword.text, suggestion: nil, accepted: []),
                             at: attribute.key.location)
        }
    }

    func noWords(example: String) throws(Diagnostic) {
        if let word = words.first {
            throw Diagnostic(.expected("'key=value' settings, as in '\(example)'", found: word.display), at: word.location)
        }
    }

    /// The attributes, each with a known key given once.
    func checkedAttributes(_ accepted: [String], statement: String) throws(Diagnostic) -> [Attribute] {
        var seen: Set<String> = []
        for attribute in attributes {
            let key = attribute.key.text
            guard accepted.contains(key) else {
                throw Diagnostic(.unknownAttribute(key, operation: statement, suggestion: Suggestion.closest(
                    to: key, among: accepted), accepted: accepted), at: attribute.key.location)
            }
            guard seen.insert(key).inserted else {
                throw Diagnostic(.duplicateAttribute(key), at: attribute.key.location)
            }
        }
        return attributes
    }
}
