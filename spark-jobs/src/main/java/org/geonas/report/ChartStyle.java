package org.geonas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's common chart look: white background, readable fonts, legend below the plot, one palette. */
final class ChartStyle {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;

    /** Distinct colours that stay apart in print and for the common colour-vision deficiencies (Okabe-Ito). */
    private static final List<Color> PALETTE = List.of(new Color(0, 114, 178), new Color(213, 94, 0),
            new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233),
            new Color(240, 228, 66), new Color(0, 0, 0), new Color(120, 120, 120));

    static final Color NONE_OP = new Color(205, 205, 205);
    static final Color REFERENCE_LINE = new Color(90, 90, 90);
    static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private ChartStyle() {
    }

    private static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS);

    /** The i-th series' marker: shapes differ, so lines drawn over each other stay apart. */
    static Marker marker(int i) {
        return MARKERS.get(Math.floorMod(i, MARKERS.size()));
    }

    /** The i-th series' line width: earlier series wider, so one lying exactly under a later one still shows. */
    static float lineWidth(int i) {
        return Math.max(1.6f, 4.2f - 0.8f * i);
    }

    /** Shrinks the title font where the title would not fit the chart's width. */
    static void fitTitle(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        Font font = s.getChartTitleFont();
        double width = textWidth(font, chart.getTitle());
        // XChart centres the title over the plot area, which the y axis pushes right: keep clear of both edges
        double room = chart.getWidth() - 160.0;
        if (width > room) {
            s.setChartTitleFont(font.deriveFont((float) Math.max(11, Math.floor(font.getSize2D() * room / width))));
        }
    }

    /** The width of a text in a font, measured with the fonts the charts are drawn with. */
    private static double textWidth(Font font, String text) {
        java.awt.Graphics2D g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics();
        try {
            return g.getFontMetrics(font).getStringBounds(text, g).getWidth();
        } finally {
            g.dispose();
        }
    }

    /** The i-th colour of the palette (repeating). */
    static Color color(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /** The same colour, see-through: for bands behind lines. */
    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static void apply(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(160, 160, 160));
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartPadding(12);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setMarkerSize(7);
    }
}
