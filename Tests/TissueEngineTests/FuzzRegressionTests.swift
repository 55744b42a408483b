import Foundation
import Testing

/// Every input that ever failed a libFuzzer harness (`Tests/Fuzz/`, docs/reliability.md) is kept in
/// `Tests/Fixtures/fuzz-regressions/HARNESS/` and replayed here through the very property the
/// harness checks (``FuzzProperty``, in `Fuzzing/`). An input passes when the engine accepts it,
/// or rejects it with a well-formed diagnostic, and every property of its harness holds.
///
/// Each input runs in a child process (an exit test), so that a trap — the usual finding — is
/// reported as the failure of that input, with the runtime's message, instead of ending the test
/// run. A watchdog in the child stops an input that runs too long.
@Suite("Fuzzing: regression corpus")
struct FuzzRegressionTests {
    static let directory = "Tests/Fixtures/fuzz-regressions"

    struct Input: Sendable, CustomTestStringConvertible {
        var harness: String
        /// Repository-relative path of the input file.
        var path: String
        var testDescription: String { "\(harness)/\(path.split(separator: "/").last ?? "")" }
    }

    /// Every input of the corpus, by harness folder, sorted. `README.md` files are not inputs.
    static func inputs() -> [Input] {
        var inputs: [Input] = []
        let manager = FileManager.default
        let base = Repository.url(directory)
        let folders = (try? manager.contentsOfDirectory(atPath: base.path)) ?? []
        for harness in folders.sorted() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: base.appendingPathComponent(harness).path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { continue }
            let files = (try? manager.contentsOfDirectory(atPath: base.appendingPathComponent(harness).path)) ?? []
            for file in files.sorted() where file != "README.md" && !file.hasPrefix(".") {
                inputs.append(Input(harness: harness, path: "\(directory)/\(harness)/\(file)"))
            }
        }
        return inputs
    }

    /// Exit statuses of the child: the property held, it failed, the input ran too long.
    static let held: Int32 = 40
    static let failed: Int32 = 41
    static let hung: Int32 = 42
    /// A hang bound for a debug build, not a timing assertion.
    static let hangSeconds = 60.0
    /// The child's address space (virtual memory, so generous: the runtime reserves much more
    /// than it touches).
    static let memoryLimit: rlim_t = 8 << 30

    @Test func corpusFoldersAreHarnesses() throws {
        let inputs = Self.inputs()
        #expect(!inputs.isEmpty, "the regression corpus \(Self.directory) is empty")
        for harness in Set(inputs.map(\.harness)) {
            #expect(FuzzProperty.harnesses.contains(harness), "\(Self.directory)/\(harness) is not a harness of Tests/Fuzz/")
        }
        for harness in FuzzProperty.harnesses {
            #expect(FileManager.default.fileExists(atPath: Repository.url("Tests/Fuzz/\(harness).swift").path),
                    "Tests/Fuzz/\(harness).swift is missing")
        }
    }

    @Test("replay", arguments: inputs())
    func replay(_ input: Input) async throws {
        let outcome = await #expect(processExitsWith: .failure, observing: [\.standardOutputContent]) {
            [harness = input.harness as String, path = input.path as String] in
            FuzzRegressionTests.runChild(harness: harness, path: path)
        }
        guard let result = outcome else { return }
        let lines = String(decoding: result.standardOutputContent, as: UTF8.self).split(separator: "\n")
        let stage = lines.last { $0.hasPrefix("stage: ") }.map { String($0.dropFirst("stage: ".count)) } ?? "before any stage"
        let output = lines.filter { !$0.hasPrefix("stage: ") }.joined(separator: "\n")
        let what = "fuzz regression \(input.path) (harness '\(input.harness)')"
        switch result.exitStatus {
        case .exitCode(Self.held):
            return
        case .exitCode(Self.failed):
            Issue.record(Comment(rawValue: "\(what): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"))
        case .exitCode(Self.hung):
            Issue.record(Comment(rawValue: "\(what): still running after \(Self.hangSeconds) s in the stage '\(stage)' (a hang)"))
        default:
            Issue.record(Comment(rawValue: "\(what): the engine trapped (\(result.exitStatus)) in the stage '\(stage)' instead "
                                 + "of accepting the input or reporting a diagnostic; the stack trace: "
                                 + "Tests/Fuzz/run.sh \(input.harness) --replay \(input.path)"))
        }
    }

    /// In the child: replays one input and exits with ``held`` or ``failed`` (the failure on
    /// standard output), or ``hung`` from the watchdog. A trap ends the child with a signal.
    static func runChild(harness: String, path: String) -> Never {
        // An input that makes the engine allocate without bound must fail here, not take the
        // machine down: the child's address space is capped, so such an allocation traps. (Not
        // under a sanitizer, whose shadow memory is a huge reservation: Tests/Fuzz/sanitize.sh.)
        let sanitized = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil
        if !sanitized {
            var limit = rlimit(rlim_cur: memoryLimit, rlim_max: memoryLimit)
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        }
        let watchdog = Thread {
            Thread.sleep(forTimeInterval: hangSeconds)
            exit(hung)
        }
        watchdog.start()
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: Repository.url(path))) } catch {
            print("cannot read \(path): \(error)")
            exit(failed)
        }
        let context = FuzzContext { try? Repository.text($0) }
        // Each stage on standard output as it begins, unbuffered: the last one is where a trap was.
        FuzzProperty.trace = { FileHandle.standardOutput.write(Data("stage: \($0)\n".utf8)) }
        do {
            try FuzzProperty.check(harness, bytes, context: context)
        } catch {
            print(error.description)
            exit(failed)
        }
        exit(held)
    }
}
