extension Operation {
    /// A short description for tables: the keyword plus the settings that differ from defaults,
    /// e.g. `conv 3x3 s2`, `maxpool 3x3 s2 ceil`, `stack 64×bu`.
    public var summary: String {
        switch self {
        case .convolution(let c):
            var parts = [name, "\(c.kernel.height)x\(c.kernel.width)"]
            if c.stride != .one { parts.append("s\(c.stride)") }
            if c.dilation != .one { parts.append("d\(c.dilation)") }
            if c.groups > 1 && !c.isDepthwise { parts.append("g\(c.groups)") }
            return parts.joined(separator: " ")
        case .pool(let p):
            var parts = [name, "\(p.kernel.height)x\(p.kernel.width)"]
            if p.stride != p.kernel { parts.append("s\(p.stride)") }
            if p.ceil { parts.append("ceil") }
            return parts.joined(separator: " ")
        case .channelShuffle(let groups):
            return "shuffle g\(groups)"
        case .stack(let s):
            var groups: [(String, Int)] = []
            for unit in s.units {
                if let last = groups.last, last.0 == unit.name {
                    groups[groups.count - 1].1 += 1
                } else {
                    groups.append((unit.name, 1))
                }
            }
            return "stack " + groups.map { "\($0.1)×\($0.0)" }.joined(separator: ", ")
        case .input, .linear, .batchNorm, .activation, .softmax, .dropout, .flatten, .globalAveragePool, .add, .concat:
            return name
        }
    }
}
