package org.geonas.report;

/** A piece of a report section that renders itself as Markdown and as HTML. */
interface Block {

    String markdown();

    String html();

    /** HTML-escapes text; {@code `code`} spans become {@code <code>} elements. */
    static String inlineHtml(String text) {
        String escaped = escape(text);
        return escaped.replaceAll("`([^`]*)`", "<code>$1</code>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
