import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed number of workers over `DispatchQueue.concurrentPerform`. Worker `w` takes items
/// `w, w+W, w+2W, …`: a static assignment, and every item writes only its own outputs, so results
/// never depend on scheduling.
public struct Workers: Sendable {
    public let count: Int

    public init(count: Int) {
        self.count = max(1, count)
    }

    /// One worker per online processor.
    public static var available: Workers {
        Workers(count: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    public static let single = Workers(count: 1)

    /// Runs `body(worker, item)` for every item in `0..<items`.
    func run(items: Int, _ body: (_ worker: Int, _ item: Int) -> Void) {
        let active = min(count, items)
        if active <= 1 {
            for item in 0..<items { body(0, item) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: active) { worker in
                var item = worker
                while item < items {
                    shared.value(worker, item)
                    item += active
                }
            }
        }
    }

    /// Splits `0..<total` into one contiguous range per worker (as even as possible) and runs
    /// `body(worker, range)` on each non-empty range.
    func split(_ total: Int, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        let parts = min(count, total)
        run(items: parts) { worker, part in
            body(worker, (total * part / parts)..<(total * (part + 1) / parts))
        }
    }
}

/// Hands a value that is only read (or written at disjoint places) to concurrent workers.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
