import TissueDiagnostics
import TissueIR

/// One record of a CSV text: its fields, and where each field starts (for located errors).
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    public var locations: [SourceLocation]

    /// The field at `index`, or "" when the record is shorter than the header.
    public subscript(index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }

    /// Where field `index` starts; the record's start when it has no such field.
    public func location(_ index: Int) -> SourceLocation? {
        index < locations.count ? locations[index] : locations.first
    }
}

/// A small RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
/// line breaks and doubled quotes (`""`), records ending in CRLF, LF or CR. A leading byte-order
/// mark is skipped, blank lines are skipped, and a quote that is not closed is an error at the
/// quote. Columns count Unicode scalars, as the `.arch` diagnostics do.
public enum CSVReader {
    public static func parse(_ text: String) throws(Diagnostic) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = [], locations: [SourceLocation] = []
        var field = ""
        var line = 1, column = 1
        var fieldStart = SourceLocation(line: 1, column: 1)
        var quoted = false, inQuotes = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var index = scalars.startIndex

        func endField() {
            fields.append(field)
            locations.append(fieldStart)
            field = ""
            quoted = false
            afterQuote = false
        }
        func endRecord() {
            // A line with nothing on it is not a record.
            let blank = fields.isEmpty && field.isEmpty && !quoted
            endField()
            if !blank { records.append(CSVRecord(fields: fields, locations: locations)) }
            fields = []
            locations = []
        }

        while index < scalars.endIndex {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                        column += 2
                    } else {
                        inQuotes = false
                        afterQuote = true
                        column += 1
                    }
                    continue
                }
                field.unicodeScalars.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
                column += 1
                fieldStart = SourceLocation(line: line, column: column)
            case "\r", "\n":
                let bareCR = scalar == "\r" && (index == scalars.endIndex || scalars[index] != "\n")
                if scalar == "\r", !bareCR { index += 1 }
                endRecord()
                // A bare CR ends a record (old Mac files) but not a line of the source as the
                // error renderer shows it, which breaks lines at LF only: the location stays on
                // the line that holds the CR, so a caret points where the user's editor does.
                if bareCR {
                    column += 1
                } else {
                    line += 1
                    column = 1
                }
                fieldStart = SourceLocation(line: line, column: column)
            case "\"" where field.isEmpty && !quoted:
                quoted = true
                inQuotes = true
                column += 1
            default:
                if afterQuote {
                    throw Diagnostic(.csvTextAfterQuote(String(scalar)), at: SourceLocation(line: line, column: column))
                }
                field.unicodeScalars.append(scalar)
                column += 1
            }
        }
        if inQuotes {
            throw Diagnostic(.csvUnterminatedQuote, at: fieldStart)
        }
        if !field.isEmpty || quoted || !fields.isEmpty { endRecord() }
        return records
    }
}
