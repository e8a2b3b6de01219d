import ArgumentParser
import WhoCardKit

/// `--theme`, `--embed` and `--locale`: how the cards of `build` and `preview` look.
struct CardAppearanceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The card's colour scheme; auto follows the reader's system (data-whocard-theme).",
            valueName: "auto|light|dark"))
    var theme: CardOptions.Theme = .auto

    @Option(
        help: ArgumentHelp(
            "inline: the <article> styled by whocard.css; shadow: a <whocard-card> with a declarative shadow root "
                + "holding the style sheet and the card, out of the host page's CSS.",
            valueName: "inline|shadow"))
    var embed: CardOptions.Embedding = .inline

    @Option(
        help: ArgumentHelp(
            "Language of the card's labels: a catalogue in locales/ (en, fr, de, es, pt-BR, ar, ja, or one added "
                + "with --templates).",
            valueName: "tag"))
    var locale: String = LocaleCatalogue.defaultTag

    func options(locale tag: String? = nil) -> CardOptions {
        CardOptions(theme: theme, embedding: embed, locale: tag ?? locale)
    }

    /// A renderer for `tag` (default `--locale`), printing the catalogue's missing or unknown
    /// keys once; an unknown locale exits 2.
    func renderer(_ library: TemplateLibrary, locale tag: String? = nil, quiet: Bool = false) throws -> CardRenderer {
        do {
            let renderer = try CardRenderer(templates: library, options: options(locale: tag))
            if !quiet { for line in renderer.catalogue.warnings { Console.error("warning: " + line) } }
            return renderer
        } catch {
            Console.error("\(error)")  // `file: error: message`
            throw WhoCardExit.usage.exitCode
        }
    }
}

extension CardOptions.Theme: ExpressibleByArgument {}
extension CardOptions.Embedding: ExpressibleByArgument {}
