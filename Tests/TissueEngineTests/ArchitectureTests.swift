import Foundation
import Testing

/// The layering the compiler cannot see by itself: every file imports only targets its own
/// target declares, targets depend only on targets declared before them in `Package.swift`,
/// `docs/architecture.md` lists the same dependencies, and no switch over operations, node kinds
/// or `.arch` keywords hides behind a `default:` arm.
@Suite("Architecture")
struct ArchitectureTests {
    /// Targets in declaration order with their declared dependencies, read from `Package.swift`.
    static func targets() throws -> [(name: String, dependencies: [String])] {
        let manifest = try Repository.text("Package.swift")
        var result: [(String, [String])] = []
        let pattern = try NSRegularExpression(
            pattern: #"\.(?:target|executableTarget)\(name: "(\w+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?"#)
        let range = NSRange(manifest.startIndex..., in: manifest)
        for match in pattern.matches(in: manifest, range: range) {
            guard let name = Range(match.range(at: 1), in: manifest).map({ String(manifest[$0]) }) else { continue }
            let list = Range(match.range(at: 2), in: manifest).map { String(manifest[$0]) } ?? ""
            let dependencies = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }.filter { !$0.isEmpty }
            result.append((name, dependencies))
        }
        return result
    }

    static func swiftFiles(under directory: String) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: Repository.url(directory), includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    @Test func targetsDependOnlyOnEarlierTargets() throws {
        let targets = try Self.targets()
        #expect(targets.count >= 10)
        var seen = Set<String>()
        for target in targets {
            for dependency in target.dependencies {
                #expect(seen.contains(dependency), "\(target.name) depends on \(dependency), declared after it")
            }
            seen.insert(target.name)
        }
    }

    @Test func everyImportIsADeclaredDependency() throws {
        let declared = Dictionary(uniqueKeysWithValues: try Self.targets().map { ($0.name, Set($0.dependencies)) })
        var checked = 0
        for (target, dependencies) in declared {
            for file in Self.swiftFiles(under: "Sources/\(target)") {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import Tissue") {
                    let module = String(line.dropFirst("import ".count))
                    #expect(dependencies.contains(module), "\(file.lastPathComponent) in \(target) imports \(module)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    @Test func theArchitectureDocumentListsTheSameDependencies() throws {
        let document = try Repository.text("docs/architecture.md")
        for target in try Self.targets() where target.name.hasPrefix("Tissue") {
            let row = try #require(document.split(separator: "\n").first { $0.hasPrefix("| `\(target.name)` |") },
                                   "docs/architecture.md has a row for \(target.name)")
            let cell = row.split(separator: "|")[1].trimmingCharacters(in: .whitespaces)
            let listed = cell == "—" || cell.hasPrefix("all")
                ? [] : cell.split(separator: ",").map { "Tissue" + $0.trimmingCharacters(in: .whitespaces) }
            if !cell.hasPrefix("all") {
                #expect(Set(listed) == Set(target.dependencies), "\(target.name): document says \(listed)")
            }
        }
    }

    /// No target links Foundation, the command line included: it would add megabytes to the static
    /// binary and milliseconds to every start. The C library and Dispatch (the reference pass's
    /// workers) are all the code outside the standard library.
    @Test func noTargetImportsFoundation() throws {
        var files = 0
        for file in Self.swiftFiles(under: "Sources") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                let module = line.dropFirst("import ".count)
                #expect(!module.hasPrefix("Foundation"), "\(file.lastPathComponent) imports \(module)")
                #expect(module.hasPrefix("Tissue") || ["Glibc", "Darwin", "Dispatch"].contains(String(module)),
                        "\(file.lastPathComponent) imports \(module)")
            }
            files += 1
        }
        #expect(files > 100)
    }

    /// A `default:` arm in a switch whose cases are operations, node kinds or keywords would let a
    /// new case compile and then do the wrong thing.
    @Test func noDefaultArmOverOperationsOrKeywords() throws {
        let subjects = ["operation", "Operation", "node.kind", "layer.kind", "record.kind", "keyword", "Keyword", "activation"]
        for file in Self.swiftFiles(under: "Sources") {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            var openSwitches: [(subject: String, depth: Int)] = []
            var depth = 0
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("//") { continue }
                if let range = trimmed.range(of: "switch ") {
                    openSwitches.append((String(trimmed[range.upperBound...]), depth))
                }
                if trimmed.hasPrefix("default:"), let current = openSwitches.last {
                    let overOperations = subjects.contains { current.subject.contains($0) }
                    #expect(!overOperations,
                            "\(file.lastPathComponent): 'default:' in 'switch \(current.subject)'")
                }
                depth += trimmed.filter { $0 == "{" }.count - trimmed.filter { $0 == "}" }.count
                while let last = openSwitches.last, depth <= last.depth { openSwitches.removeLast() }
            }
        }
    }
}
