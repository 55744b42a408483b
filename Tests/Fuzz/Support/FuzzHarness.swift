#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every harness in `Tests/Fuzz/` shares: the fixed files (read once, from `$TISSUE_ROOT`, which
/// `Tests/Fuzz/run.sh` sets to the repository), and turning a broken property into a crash that
/// libFuzzer records. The properties themselves are in `Tests/TissueEngineTests/Fuzzing`, shared
/// with the test that replays the regression corpus.
enum FuzzHarness {
    static let root: String = {
        guard let value = getenv("TISSUE_ROOT") else { return "." }
        return String(cString: value)
    }()

    static let context = FuzzContext(read: readFile)

    /// A repository-relative file's text, nil if it cannot be read.
    static func readFile(_ relative: String) -> String? {
        guard let file = fopen(root + "/" + relative, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Runs one input through a harness's property; a broken property stops the process with its
    /// description, which libFuzzer records as a crash.
    static func run(_ data: UnsafePointer<UInt8>?, _ size: Int,
                    _ property: ([UInt8]) throws(FuzzFailure) -> Void) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try property(bytes)
        } catch {
            fputs("\n\(error)\n", stderr)
            abort()
        }
        return 0
    }
}
