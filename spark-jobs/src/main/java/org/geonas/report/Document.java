package org.geonas.report;

import java.util.List;

/** The whole report: a title, an opening and the sections, ready for either rendering. */
record Document(String title, List<Block> opening, List<Section> sections) {

    Document {
        opening = List.copyOf(opening);
        sections = List.copyOf(sections);
    }
}
