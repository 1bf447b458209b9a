package org.geonas.report;

import java.util.Base64;

/** A written plot in a section: linked files in Markdown, the PNG embedded as a data URI in HTML. */
record Figure(String name, String title, String caption, byte[] png) implements Block {

    Figure {
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    @Override
    public String markdown() {
        return "![" + title.replace("]", ")") + "](plots/" + name + ".png)\n\n*" + caption + "* ([SVG](plots/" + name
                + ".svg))\n";
    }

    @Override
    public String html() {
        return "<figure><img alt=\"" + Block.escape(title) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"><figcaption>" + Block.inlineHtml(caption)
                + "</figcaption></figure>\n";
    }
}
