import TissueDiagnostics
import TissueIR

/// The block and unit calls that led to the statement being expanded, innermost first: a
/// persistent list, so entering a call costs one small allocation whatever the depth, and the
/// notes an error shows are only written when there is an error.
struct CallChain {
    /// What a call site is for the note it becomes.
    enum Site {
        /// `in expansion of block 'down' called here`.
        case expansion(kind: String, name: String, location: SourceLocation)
        /// `in the defaults of 'down' called here`.
        case defaults(name: String, location: SourceLocation)

        var note: Diagnostic.Note {
            switch self {
            case .expansion(let kind, let name, let location):
                Diagnostic.Note(message: "in expansion of \(kind) '\(name)' called here", location: location)
            case .defaults(let name, let location):
                Diagnostic.Note(message: "in the defaults of '\(name)' called here", location: location)
            }
        }
    }

    final class Link: Sendable {
        let site: Site
        let next: Link?
        let depth: Int

        init(_ site: Site, next: Link?) {
            self.site = site
            self.next = next
            depth = (next?.depth ?? 0) + 1
        }
    }

    private var head: Link?

    init() {}

    var depth: Int { head?.depth ?? 0 }

    /// This chain with `site` as its innermost call.
    func entering(_ site: Site) -> CallChain {
        var chain = CallChain()
        chain.head = Link(site, next: head)
        return chain
    }

    /// The notes, innermost call first.
    var notes: [Diagnostic.Note] {
        var notes: [Diagnostic.Note] = []
        var link = head
        while let current = link {
            notes.append(current.site.note)
            link = current.next
        }
        return notes
    }
}

extension CallChain.Site: Sendable {}
