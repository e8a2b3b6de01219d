import ArgumentParser
import Foundation
import WhoCardKit

/// `--verified-from`, `--card-url` and `--verify-max-age`: which links the cards of `build` and
/// `preview` mark as verified, from the link cache of `whocard check --online --verify`.
struct VerifiedLinkOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Mark on the cards the links this link cache holds as verified "
                + "(written by `whocard check --online --verify --cache FILE`); needs --card-url.",
            valueName: "file"),
        completion: .file())
    var verifiedFrom: String?

    @Option(
        help: ArgumentHelp(
            "With --verified-from: the address of a user's card, {id} standing for the user id, as given to check.",
            valueName: "url-template"))
    var cardURL: String?

    @Option(
        help: ArgumentHelp(
            "With --verified-from: days a verification is shown after it was seen (default: 30).",
            valueName: "days"))
    var verifyMaxAge: Double?

    func validate() throws {
        if verifiedFrom != nil, cardURL == nil {
            throw ValidationError(
                "--verified-from needs --card-url, the card address the check verified against, such as 'https://market.example/people/{id}'"
            )
        }
        if verifiedFrom == nil, cardURL != nil || verifyMaxAge != nil {
            throw ValidationError(
                "--card-url and --verify-max-age only apply with --verified-from FILE, the link cache of `whocard check --online --verify`"
            )
        }
        if let cardURL {
            do { _ = try LinkVerification(cardURL: cardURL) } catch { throw ValidationError("\(error)") }
        }
        if let verifyMaxAge, !(verifyMaxAge > 0) {
            throw ValidationError("--verify-max-age must be more than 0 days")
        }
    }

    /// The verifications to show (none without `--verified-from`); a cache that gives none is
    /// a warning on standard error, and unless `quiet` a line says how many were read.
    func load(quiet: Bool) throws -> CardVerifications {
        guard let verifiedFrom, let cardURL else { return CardVerifications() }
        let days = verifyMaxAge ?? 30
        let verifications = CardVerifications(
            cachePath: verifiedFrom, verification: try LinkVerification(cardURL: cardURL),
            maxAge: .seconds(days * 86_400))
        if let warning = verifications.warning {
            Console.error("warning: \(warning)")
        } else if !quiet {
            Console.error(
                "Verified links: \(verifications.linkCount.formatted()) for \(verifications.byUser.count.formatted()) users "
                    + "from \(verifiedFrom)"
                    + (verifications.ignored > 0
                        ? " (\(verifications.ignored.formatted()) older than \(days.formatted()) days or for another --card-url, not shown)"
                        : "")
                    + ".")
        }
        return verifications
    }
}
