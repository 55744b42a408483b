import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: name, attributes, children and text. Built with Foundation's
/// `XMLParser` (libxml2), which rejects documents that are not well-formed.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func elements(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `text`, throwing when it is not well-formed XML.
    static func parse(_ text: String) throws -> XMLElementNode {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        // libxml2 may recover from some errors and still report success: check both.
        guard parser.parse(), parser.parserError == nil, let root = builder.root else {
            throw Malformed(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element")"
                + " at line \(parser.lineNumber)")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let node = XMLElementNode(name: elementName, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// The required structure of a JUnit XML report, as the Jenkins/Ant `junit-10.xsd` schema that
/// CI systems read defines it: a `testsuites` root (or a single `testsuite`); every `testsuite`
/// has `name` and a non-negative integer `tests`, and `failures`/`errors`/`skipped` when given;
/// its counts agree with its `testcase` children; every `testcase` has `name` (and `classname`);
/// a `failure` sits inside a `testcase` and carries a `message`. Returns the problems found.
enum JUnitStructure {
    static func problems(in xml: String) -> [String] {
        let root: XMLElementNode
        do { root = try XMLElementNode.parse(xml) } catch { return ["\(error)"] }
        var problems: [String] = []
        let suites: [XMLElementNode]
        switch root.name {
        case "testsuites": suites = root.elements("testsuite")
        case "testsuite": suites = [root]
        default: return ["root element is <\(root.name)>, not <testsuites> or <testsuite>"]
        }
        if root.name == "testsuites", root.children.contains(where: { $0.name != "testsuite" }) {
            problems.append("<testsuites> may contain only <testsuite> elements")
        }
        var totalTests = 0, totalFailures = 0
        for suite in suites {
            let label = "<testsuite name=\"\(suite.attributes["name"] ?? "?")\">"
            if (suite.attributes["name"] ?? "").isEmpty { problems.append("\(label) lacks a name") }
            guard let tests = count(suite, "tests") else {
                problems.append("\(label) lacks a non-negative integer 'tests'")
                continue
            }
            for attribute in ["failures", "errors", "skipped"] where suite.attributes[attribute] != nil && count(suite, attribute) == nil {
                problems.append("\(label) has a non-integer '\(attribute)'")
            }
            let allowed: Set = ["properties", "testcase", "system-out", "system-err"]
            for child in suite.children where !allowed.contains(child.name) {
                problems.append("\(label) contains <\(child.name)>")
            }
            let cases = suite.elements("testcase")
            if cases.count != tests { problems.append("\(label) says tests=\(tests) but has \(cases.count) <testcase>") }
            var failures = 0
            for testcase in cases {
                if (testcase.attributes["name"] ?? "").isEmpty { problems.append("a <testcase> in \(label) lacks a name") }
                if testcase.attributes["classname"] == nil { problems.append("a <testcase> in \(label) lacks a classname") }
                let failed = testcase.elements("failure")
                if failed.count > 1 { problems.append("<testcase name=\"\(testcase.attributes["name"] ?? "")\"> has several <failure>") }
                for failure in failed where failure.attributes["message"] == nil {
                    problems.append("a <failure> in \(label) lacks a message")
                }
                failures += failed.isEmpty ? 0 : 1
            }
            if let declared = count(suite, "failures"), declared != failures {
                problems.append("\(label) says failures=\(declared) but \(failures) test cases fail")
            }
            totalTests += cases.count
            totalFailures += failures
        }
        if root.name == "testsuites" {
            if let tests = count(root, "tests"), tests != totalTests {
                problems.append("<testsuites> says tests=\(tests) but its suites hold \(totalTests)")
            }
            if let failures = count(root, "failures"), failures != totalFailures {
                problems.append("<testsuites> says failures=\(failures) but \(totalFailures) test cases fail")
            }
        }
        return problems
    }

    private static func count(_ node: XMLElementNode, _ attribute: String) -> Int? {
        node.attributes[attribute].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
    }
}
