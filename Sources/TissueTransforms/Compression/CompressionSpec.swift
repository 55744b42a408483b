import TissueDiagnostics
import TissueIR
import TissueNumerics

/// One `--method` argument of `tissue compress`: methods joined by `+`, applied left to right.
///
///     SPEC  = STEP { "+" STEP }
///     STEP  = METHOD [ "=" VALUE ] [ "@" GLOB ] { SEP ITEM }
///     ITEM  = KEY "=" VALUE          a setting of the method: round=8, format=csr, scale=group:128
///           | VALUE "@" GLOB         the method's value for the layers GLOB selects: 0.5@layer3/*
///     SEP   = "," or blanks
///
/// `channels=0.25,0.5@layer3/*,round=8` prunes 25% of every group's channels, 50% of those
/// produced under `layer3`, keeping multiples of 8. A method's own value may be `?`, once per
/// argument: `tissue compress --budget` then searches it (``CompressionSearch``).
public struct CompressionSpec: Sendable {
    /// The argument as written.
    public let text: String
    let steps: [Step]
    /// The method whose value is `?`, if any.
    public let searched: CompressionFamily?

    struct Step: Sendable {
        var family: CompressionFamily
        var rules: [(value: String, glob: String?)]
        var settings: [(key: String, value: String)]
    }

    /// Reads the syntax; values are checked when the methods are made (``methods(searchValue:)``),
    /// which ``parse(_:)`` also does once so that every error shows at once.
    public static func parse(_ text: String) throws(Diagnostic) -> CompressionSpec {
        var steps: [Step] = []
        for written in text.split(separator: "+", omittingEmptySubsequences: false) {
            steps.append(try step(String(written)))
        }
        let searches = steps.flatMap { step in step.rules.filter { $0.value == "?" }.map { _ in step.family } }
        guard searches.count <= 1 else { throw problem(.oneSearchOnly(text)) }
        let spec = CompressionSpec(text: text, steps: steps, searched: searches.first)
        if let family = spec.searched {
            guard let grid = family.searchGrid, let first = grid.first else {
                throw problem(.notSearchable(family.rawValue, method: family.rawValue))
            }
            _ = try spec.methods(searchValue: first)
        } else {
            _ = try spec.methods()
        }
        return spec
    }

    /// The spec as written with its `?` replaced: `channels=0.37`.
    public func resolved(_ value: String) -> String {
        text.split(separator: "?", omittingEmptySubsequences: false).joined(separator: value)
    }

    /// The methods in order, `?` standing for `searchValue`.
    public func methods(searchValue: String? = nil) throws(Diagnostic) -> [CompressionMethod] {
        var methods: [CompressionMethod] = []
        for step in steps {
            var step = step
            for index in step.rules.indices where step.rules[index].value == "?" {
                step.rules[index].value = searchValue ?? "?"
            }
            methods.append(try Self.method(step))
        }
        return methods
    }

    static func problem(_ problem: CompressionProblem) -> Diagnostic {
        Diagnostic(.compression(problem), at: nil)
    }

    /// `channels=0.25,0.5@layer3/*,round=8` → its family, rules and settings.
    static func step(_ written: String) throws(Diagnostic) -> Step {
        let items = written.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        guard let head = items.first else {
            throw problem(.unknownMethod(written, suggestion: nil, accepted: CompressionFamily.allCases.map(\.rawValue)))
        }
        let nameEnd = head.firstIndex { $0 == "=" || $0 == "@" } ?? head.endIndex
        let name = String(head[..<nameEnd])
        let names = CompressionFamily.allCases.map(\.rawValue)
        guard let family = CompressionFamily(rawValue: name) else {
            throw problem(.unknownMethod(name, suggestion: Suggestion.closest(to: name, among: names), accepted: names))
        }
        var step = Step(family: family, rules: [], settings: [])
        if nameEnd < head.endIndex {
            let rest = head[nameEnd...]
            step.rules.append(rest.hasPrefix("=") ? rule(String(rest.dropFirst())) : ("", String(rest.dropFirst())))
        }
        for item in items.dropFirst() {
            let equals = item.firstIndex(of: "="), at = item.firstIndex(of: "@")
            if let equals, at.map({ equals < $0 }) ?? true {
                let key = String(item[..<equals])
                guard family.settings.contains(key) else {
                    throw problem(.unknownSetting(key, method: family.rawValue,
                                                  suggestion: Suggestion.closest(to: key, among: family.settings),
                                                  accepted: family.settings))
                }
                if step.settings.contains(where: { $0.key == key }), key != "replace" {
                    throw problem(.repeatedSetting(key, method: family.rawValue))
                }
                step.settings.append((key, String(item[item.index(after: equals)...])))
            } else if at != nil {
                step.rules.append(rule(item))
            } else {
                throw problem(.malformedItem(item, method: family.rawValue))
            }
        }
        for setting in step.settings where setting.value == "?" {
            throw problem(.notSearchable(setting.key, method: family.rawValue))
        }
        return step
    }

    /// `0.5@layer3/*` → ("0.5", "layer3/*"); `0.5` → ("0.5", nil).
    static func rule(_ text: String) -> (value: String, glob: String?) {
        guard let at = text.firstIndex(of: "@") else { return (text, nil) }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }
}
