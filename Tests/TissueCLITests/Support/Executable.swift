import Foundation

/// The built `tissue` executable, for end-to-end tests that run it as a user would.
///
/// SwiftPM puts every product of a build in one directory, `.build/<triple>/<config>/`: the
/// executable `tissue` sits beside the test bundle `tissuePackageTests.xctest`. The bundle is
/// found from the running test process (its executable on Linux, a loaded bundle on macOS);
/// `TISSUE_EXECUTABLE` overrides the search.
enum Executable {
    static let url: URL? = locate()

    /// Why the executable was not found, for the skip message.
    static let notFound = "the built 'tissue' executable was not found beside the test bundle (.build/<config>/tissue); "
        + "run 'swift build' first or set TISSUE_EXECUTABLE"

    static func locate() -> URL? {
        let files = FileManager.default
        if let path = ProcessInfo.processInfo.environment["TISSUE_EXECUTABLE"], files.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        var places = CommandLine.arguments.map { URL(fileURLWithPath: $0) }
        places += [Bundle.main.bundleURL] + (Bundle.main.executableURL.map { [$0] } ?? [])
        places += Bundle.allBundles.map(\.bundleURL)
        for place in places {
            var url = place.standardizedFileURL.resolvingSymlinksInPath()
            // Climb to the `.xctest` bundle (on macOS the executable is deep inside it).
            while url.pathComponents.count > 1, url.pathExtension != "xctest" {
                url.deleteLastPathComponent()
            }
            guard url.pathExtension == "xctest" else { continue }
            let candidate = url.deletingLastPathComponent().appendingPathComponent("tissue")
            if files.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The outcome of one run of the executable.
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `tissue` with `arguments` from the repository root, feeding `stdin`.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> Result {
        guard let url else { throw NotFound() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = Golden.root
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        process.environment = env
        // Files, not pipes, for the output: a full pipe would block the child.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tissue-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      output: try String(contentsOf: outURL, encoding: .utf8),
                      error: try String(contentsOf: errURL, encoding: .utf8))
    }

    struct NotFound: Error, CustomStringConvertible {
        var description: String { Executable.notFound }
    }
}
