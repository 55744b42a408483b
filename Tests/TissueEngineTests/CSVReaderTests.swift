import Testing
import TissueDiagnostics
import TissueIR
import TissueMetrics

/// The RFC 4180 reader against hand-written cases (RFC 4180 §2 rules 1–7).
@Suite("CSV reader")
struct CSVReaderTests {
    static func fields(_ text: String) throws -> [[String]] {
        try CSVReader.parse(text).map(\.fields)
    }

    @Test("records and fields", arguments: [
        ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("a,b\n1,2", [["a", "b"], ["1", "2"]]),
        ("a,b\r1,2\r", [["a", "b"], ["1", "2"]]),
        ("\"x, y\",\"say \"\"hi\"\"\"\n", [["x, y", "say \"hi\""]]),
        ("\"two\nlines\",b\n", [["two\nlines", "b"]]),
        ("a,,c\n,\n", [["a", "", "c"], ["", ""]]),
        ("\u{FEFF}Name,Top1\n", [["Name", "Top1"]]),
        ("a\n\n\nb\n", [["a"], ["b"]]),
        ("\"\"\n", [[""]]),
        ("TissueNet (n=4),ü 70.40%\n", [["TissueNet (n=4)", "ü 70.40%"]]),
    ])
    func parses(_ text: String, _ expected: [[String]]) throws {
        #expect(try Self.fields(text) == expected)
    }

    @Test func locationsCountLinesInsideQuotesAndScalarsInColumns() throws {
        let records = try CSVReader.parse("a,\"b\nc\",é,d\nx,y\n")
        #expect(records[0].locations.map(\.line) == [1, 1, 2, 2])
        #expect(records[0].locations[3].column == 6)
        #expect(records[1].locations[1] == SourceLocation(line: 3, column: 3))
    }

    @Test func unterminatedQuoteIsAnErrorAtTheQuote() {
        #expect(throws: Diagnostic(.csvUnterminatedQuote, at: SourceLocation(line: 2, column: 3))) {
            try CSVReader.parse("a,b\n1,\"open\n")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect(throws: Diagnostic(.csvTextAfterQuote("x"), at: SourceLocation(line: 1, column: 5))) {
            try CSVReader.parse("\"ab\"x,c\n")
        }
    }
}
