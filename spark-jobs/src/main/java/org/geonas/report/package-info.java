/**
 * The sweep report, apart from Spark: the figures it shows ({@link org.geonas.report.ReportModel}
 * and its parts, filled by {@code org.geonas.spark.ReportJob}), the charts drawn from them
 * (XChart, PNG and SVG), and the Markdown, HTML and CSV renderings written by {@link
 * org.geonas.report.ReportWriter}.
 */
package org.geonas.report;
