import TissueArch
import TissueIR

/// Networks written out as `.arch` text (`stack -o`), with the printer's refusal turned into an
/// error for the user.
enum ArchOutput {
    static func print(_ network: Network, header: [String] = []) throws(CommandError) -> String {
        do {
            return try ArchPrinter(header: header).print(network)
        } catch {
            throw .cannotExpress(error.description)
        }
    }
}
