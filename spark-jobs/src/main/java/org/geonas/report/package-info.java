/**
 * The report job: {@link org.geonas.report.ReportJob} reads the tables through {@link
 * org.geonas.report.ReportQueries} into the figures the report shows ({@link
 * org.geonas.report.ReportModel} and its parts), draws charts from them (XChart, PNG and SVG) and
 * writes the Markdown, HTML and CSV renderings ({@link org.geonas.report.ReportWriter}).
 */
package org.geonas.report;
