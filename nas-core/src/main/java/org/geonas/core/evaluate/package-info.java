/**
 * The evaluation stage of the DARTS space: a found genotype trained from scratch in the larger
 * network of the DARTS code ({@code NetworkCIFAR}: stem, a stack of discrete cells, an auxiliary
 * head, drop path), with its settings ({@link org.geonas.core.evaluate.TrainSettings}) and its
 * training loop. Executing one such training as a run (folder, result, child JVM) is
 * {@code org.geonas.core.run}'s, as for searches.
 */
package org.geonas.core.evaluate;
