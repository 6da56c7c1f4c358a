/// The shell of a self-contained HTML page (inline CSS, no script, nothing fetched), shared by the
/// pages Parcours writes (the indicator report, the quality page): the same bytes for the same
/// content, so a publication stays byte-identical.
public enum HTMLPage {
    /// `body` is HTML already escaped; `title` is text (escaped here).
    public static func document(language: String, title: String, style: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(Printable.html(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Printable.html(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
