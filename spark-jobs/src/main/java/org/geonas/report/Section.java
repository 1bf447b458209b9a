package org.geonas.report;

import java.util.List;

/** A titled part of the report. */
record Section(String title, List<Block> blocks) {

    Section {
        blocks = List.copyOf(blocks);
    }
}
