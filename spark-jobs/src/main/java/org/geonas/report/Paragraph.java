package org.geonas.report;

/** A paragraph of text; {@code `code`} spans are allowed. */
record Paragraph(String text) implements Block {

    @Override
    public String markdown() {
        return text + "\n";
    }

    @Override
    public String html() {
        return "<p>" + Block.inlineHtml(text) + "</p>\n";
    }
}
