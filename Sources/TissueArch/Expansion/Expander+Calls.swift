import TissueDiagnostics
import TissueIR

extension Expander {
    /// The definition a call names, which must be of the expected kind.
    mutating func lookUp(_ call: Statement.Call, expecting kind: Definition.Kind, in scope: Scope) throws(Diagnostic) -> Definition {
        definitionsExamined += 1
        guard let definition = file.definition(named: call.name) else {
            let names = file.definitions.filter { $0.kind == kind }.map(\.name)
            throw Diagnostic(.unknownBlock(call.name, suggestion: Suggestion.closest(to: call.name, among: names)),
                             at: call.location, notes: scope.calls)
        }
        guard definition.kind == kind else {
            if kind == .unit {
                throw Diagnostic(.stackNeedsUnit(call.name), at: call.location, notes: scope.calls)
            }
            throw Diagnostic(.wrongDefinitionKind(call.name, expected: kind.rawValue, actual: definition.kind.rawValue),
                             at: call.location, notes: scope.calls)
        }
        return definition
    }

    /// Binds a call's arguments (positional first, then `name=value`) to the definition's
    /// parameters, filling in defaults. Arguments are evaluated in the caller's scope; defaults
    /// in the callee's, so a default may use earlier parameters.
    func bind(_ call: Statement.Call, to definition: Definition, in scope: Scope) throws(Diagnostic) -> [String: Value] {
        let parameters = definition.parameters
        var bound: [String: Value] = [:]
        var positionalIndex = 0
        for argument in call.arguments {
            let value = try evaluate(argument.value, in: scope)
            if let label = argument.label {
                guard parameters.contains(where: { $0.name == label }) else {
                    throw Diagnostic(.unknownArgument(label, callee: call.name,
                                                      suggestion: Suggestion.closest(to: label, among: parameters.map(\.name))),
                                     at: argument.location, notes: scope.calls)
                }
                guard bound[label] == nil else {
                    throw Diagnostic(.duplicateArgument(label), at: argument.location, notes: scope.calls)
                }
                bound[label] = value
            } else {
                if let previous = call.arguments.first(where: { $0.label != nil }), previous.location < argument.location {
                    throw Diagnostic(.positionalAfterNamed(previous.label ?? ""), at: argument.location, notes: scope.calls)
                }
                guard positionalIndex < parameters.count else {
                    throw Diagnostic(.tooManyArguments(call.name, expected: parameters.count,
                                                       given: call.arguments.count),
                                     at: argument.location, notes: scope.calls)
                }
                bound[parameters[positionalIndex].name] = value
                positionalIndex += 1
            }
        }
        // Defaults are evaluated inside the callee, so their errors point at this call too.
        var calleeScope = scope
        calleeScope.chain = scope.chain.entering(.defaults(name: call.name, location: call.location))
        for parameter in parameters where bound[parameter.name] == nil {
            guard let defaultValue = parameter.defaultValue else {
                throw Diagnostic(.missingArgument(call.name, parameter: parameter.name), at: call.location,
                                 notes: scope.calls)
            }
            calleeScope.parameters = bound
            bound[parameter.name] = try evaluate(defaultValue, in: calleeScope)
        }
        return bound
    }

    /// The scope a block or unit body runs in: fresh parameters, one more call on the chain.
    func enter(_ call: Statement.Call, of kind: Definition.Kind, in scope: Scope, path: NodePath,
               parameters: [String: Value]) throws(Diagnostic) -> Scope {
        guard scope.chain.depth < limits.callDepth else {
            throw Diagnostic(.callDepthExceeded(limits.callDepth), at: call.location, notes: scope.calls)
        }
        var inner = scope
        inner.parameters = parameters
        inner.path = path
        inner.chain = scope.chain.entering(.expansion(kind: kind.rawValue, name: call.name, location: call.location))
        return inner
    }
}
