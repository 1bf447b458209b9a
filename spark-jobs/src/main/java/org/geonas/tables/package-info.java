/**
 * The Parquet tables a sweep writes and every job reads: each table's columns declared once
 * ({@link org.geonas.tables.Tables}), rows built from run results ({@link
 * org.geonas.tables.ResultRows}), the tables registered as SQL views ({@link
 * org.geonas.tables.TableViews}) and query results ({@link org.geonas.tables.QueryResult}).
 */
package org.geonas.tables;
