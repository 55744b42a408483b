import TissueNumerics

/// A progress bar with an estimate of the time left, on standard error, for long work (verify,
/// bench, a large sweep): drawn only when standard error is a terminal and `--quiet` is not
/// given, redrawn at most ten times a second, and erased when the work is done.
final class ProgressBar: @unchecked Sendable {
    static let quietOption = CommandSpec.Option("quiet", short: "q", help: "Show no progress bar on a terminal.")

    private let console: Console
    private let label: String
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var drawn: ContinuousClock.Instant?

    /// A bar for `label`, or nil when there must be none.
    init?(_ label: String, console: Console, arguments: ParsedArguments) {
        guard console.errorIsTerminal, !arguments.flag("quiet") else { return nil }
        self.console = console
        self.label = label
        start = clock.now
    }

    /// `fraction` of the work is done.
    func update(_ fraction: Double) {
        let now = clock.now
        if let drawn, now - drawn < .milliseconds(100), fraction < 1 { return }
        drawn = now
        let elapsed = Self.seconds(now - start)
        console.standardError("\r" + Self.line(label, fraction: fraction, elapsed: elapsed) + "\u{1B}[K")
    }

    /// ``update(_:)`` as a closure for the engine to call.
    var reporter: @Sendable (Double) -> Void {
        { [self] fraction in update(fraction) }
    }

    /// Erases the bar.
    func finish() {
        console.standardError("\r\u{1B}[K")
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// `verify resnet50 [########............]  40%  about 12 s left`: the time left is the
    /// elapsed time scaled by what remains, once there is something to scale.
    static func line(_ label: String, fraction: Double, elapsed: Double, width: Int = 24) -> String {
        let done = min(max(fraction, 0), 1)
        let filled = Int((done * Double(width)).rounded(.down))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        let percent = NumberFormat.fixed(100 * done, decimals: 0) + "%"
        let left = done > 0.01 && done < 1 ? "  about " + duration(elapsed * (1 - done) / done) + " left" : ""
        return "\(label) \(bar) \(String(repeating: " ", count: max(0, 4 - percent.count)))\(percent)\(left)"
    }

    /// `8 s`, `2 min 5 s`, `1 h 3 min`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(min(seconds, 1e9).rounded(.up))
        let n = { (value: Int) in NumberFormat.fixed(Double(value), decimals: 0) }
        if total < 60 { return n(max(total, 1)) + " s" }
        if total < 3600 { return n(total / 60) + " min " + n(total % 60) + " s" }
        return n(total / 3600) + " h " + n(total % 3600 / 60) + " min"
    }
}
