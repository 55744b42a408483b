extension FuzzProperty {
    /// Runs the property of harness `name` on one input (what `FuzzRegressionTests` replays; each
    /// harness in `Tests/Fuzz/` calls its own property directly, so that it is built from only the
    /// files it needs).
    public static func check(_ name: String, _ bytes: [UInt8], context: FuzzContext) throws(FuzzFailure) {
        switch name {
        case "arch": try arch(bytes)
        case "stack": try stack(bytes, context: context)
        case "sweep": try sweep(bytes, context: context)
        case "units": try units(bytes)
        case "tablespec": try tableSpec(bytes, context: context)
        case "results": try results(bytes, context: context)
        case "budget": try budget(bytes, context: context)
        case "quantity": try quantity(bytes)
        default: throw FuzzFailure(name, "harness", "no harness is named '\(name)'")
        }
    }
}
