package org.geonas.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart of the report with its file name (no extension) and a caption saying what it shows.
 * Written as {@code NAME.png} and {@code NAME.svg}.
 */
record Plot(String name, String caption, Chart<?, ?> chart) {

    /** Writes both files into a folder; returns the figure for the report's sections (the HTML embeds the PNG). */
    Figure write(Path folder) throws IOException {
        byte[] png = ChartEncoder.getBytes(chart, "png");
        Files.write(folder.resolve(name + ".png"), png);
        // SVG needs VectorGraphics2D on the classpath (an optional dependency of XChart)
        Files.write(folder.resolve(name + ".svg"), ChartEncoder.getBytes(chart, "svg"));
        return new Figure(name, chart.getTitle(), caption, png);
    }
}
