/// Bounds on the counts a user gives on the command line, so that no option value can make a
/// command run for hours or exhaust memory. Each is in `docs/reliability.md`.
enum Limits {
    /// Timed runs of `bench` (each a full forward pass or design sweep).
    static let runs = 1000
    /// A unit's piece C1 or hidden width C2 (`stack`, `sweep`): beyond it counts stop being useful.
    static let width = 1 << 16
    /// Values in one `--hidden` or `--piece` list (`sweep`).
    static let listLength = 4096
    /// Samples in one `--batch`: beyond it even a tiny network's counts say nothing new.
    static let batch = 1 << 20
}
