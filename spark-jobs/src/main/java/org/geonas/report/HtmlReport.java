package org.geonas.report;

/** {@code report.html}: the document as one self-contained page (styles inline, plots embedded as PNG data URIs). */
final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
                   max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.7em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
            table { border-collapse: collapse; margin: .8em 0 1.4em; font-size: .92em; }
            th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
            th { background: #f2f2f2; }
            tr:nth-child(even) td { background: #fafafa; }
            table.published td { background: #fff8e6; font-style: italic; }
            table.published th { background: #f5e6bf; }
            code, td { font-variant-numeric: tabular-nums; }
            code { font-size: .92em; background: #f4f4f4; padding: 0 .2em; }
            figure { margin: 1em 0 2em; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: .9em; color: #555; margin-top: .3em; }
            nav ol { margin-top: .2em; }
            """;

    private HtmlReport() {
    }

    static String render(Document doc) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Block.escape(doc.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Block.escape(doc.title())).append("</h1>\n");
        doc.opening().forEach(b -> sb.append(b.html()));
        sb.append("<nav><ol>\n");
        for (int i = 0; i < doc.sections().size(); i++) {
            sb.append("<li><a href=\"#s").append(i + 1).append("\">")
                    .append(Block.escape(doc.sections().get(i).title())).append("</a></li>\n");
        }
        sb.append("</ol></nav>\n");
        for (int i = 0; i < doc.sections().size(); i++) {
            Section s = doc.sections().get(i);
            sb.append("<section id=\"s").append(i + 1).append("\">\n<h2>").append(Block.escape(s.title()))
                    .append("</h2>\n");
            s.blocks().forEach(b -> sb.append(b.html()));
            sb.append("</section>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }
}
