import TissueDiagnostics
import TissueIR

/// Which layers a per-layer setting is for, written after `@`: `layer3/*`, `stage2`,
/// `*/shortcut/conv`. `*` matches any run of characters, `/` included; every other character
/// matches itself. A glob selects a layer when it matches the layer's path or the path of one of
/// its enclosing blocks, so `stage3` selects `stage3/residual/conv1` (paths as
/// `tissue analyze` prints them).
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
    }

    public var description: String { pattern }

    /// Whether the glob matches the whole path or a whole prefix of its components.
    public func selects(_ path: NodePath) -> Bool {
        let glob = Array(pattern.unicodeScalars)
        var prefix: [Unicode.Scalar] = []
        for (index, component) in path.components.enumerated() {
            if index > 0 { prefix.append("/") }
            prefix += component.unicodeScalars
            if Self.matches(glob, prefix) { return true }
        }
        return false
    }

    /// Wildcard matching with `*` only: the greedy scan that backtracks to the last star, linear
    /// in practice and at most `|glob|·|text|` steps.
    static func matches(_ glob: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var g = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if g < glob.count, glob[g] == "*" {
                star = g
                resume = t
                g += 1
            } else if g < glob.count, glob[g] == text[t] {
                g += 1
                t += 1
            } else if let s = star {
                g = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == "*" { g += 1 }
        return g == glob.count
    }
}

/// A setting for every layer a method applies to, or for the layers a glob selects: the items
/// `0.25` and `0.5@layer3/*` of `channels=0.25,0.5@layer3/*`. Later rules win over earlier ones.
public struct LayerRules<Value: Sendable & Hashable>: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var value: Value
        /// nil: every layer.
        public var glob: PathGlob?

        public init(_ value: Value, glob: PathGlob? = nil) {
            self.value = value
            self.glob = glob
        }
    }

    public var rules: [Rule]

    public init(_ rules: [Rule]) {
        self.rules = rules
    }

    /// One value for every layer.
    public init(all value: Value) {
        self.rules = [Rule(value)]
    }

    /// The value of the last rule that selects `path`, or nil.
    public func value(for path: NodePath) -> Value? {
        rules.last { $0.glob.map { $0.selects(path) } ?? true }?.value
    }

    /// The value of the last rule that selects any of `paths` (a channel group takes the ratio
    /// of any layer that produces its channels), or nil.
    public func value(forAny paths: [NodePath]) -> Value? {
        rules.last { rule in rule.glob.map { glob in paths.contains { glob.selects($0) } } ?? true }?.value
    }

    /// Every glob must select at least one of `paths`, the layers the method applies to; the error
    /// suggests the nearest path or block.
    public func check(against paths: [NodePath], method: String) throws(Diagnostic) {
        for rule in rules {
            guard let glob = rule.glob, !paths.contains(where: { glob.selects($0) }) else { continue }
            var names: Set<String> = []
            for path in paths {
                var prefix: [String] = []
                for component in path.components {
                    prefix.append(component)
                    names.insert(prefix.joined(separator: "/"))
                }
            }
            let suggestion = Suggestion.closest(to: glob.pattern, among: names.sorted())
            throw Diagnostic(.compression(.unmatchedGlob(glob.pattern, method: method, suggestion: suggestion)), at: nil)
        }
    }

    /// The same rules with every value mapped.
    public func map<Other>(_ transform: (Value) throws(Diagnostic) -> Other) throws(Diagnostic) -> LayerRules<Other> {
        var mapped: [LayerRules<Other>.Rule] = []
        for rule in rules { mapped.append(.init(try transform(rule.value), glob: rule.glob)) }
        return LayerRules<Other>(mapped)
    }
}
