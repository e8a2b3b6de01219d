/// One chunk of a batch checked on its own thread by
/// ``ExportChecker/run(keepsCleanRows:jobs:collectsLinks:)``: its row outcomes, its file-level
/// findings and the links of its accepted rows, each in input order.
struct CheckedPart: Sendable {
    var outcomes: [RowOutcome] = []
    var notices: [Finding] = []
    var links: [LinkOccurrence] = []
}
