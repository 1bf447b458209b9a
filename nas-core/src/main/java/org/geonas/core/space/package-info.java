/**
 * Search spaces: which edges a cell has, which operations an edge chooses from, and how a
 * discrete architecture is written down (the NAS-Bench-201 string). Also the architecture
 * weights (one point on the probability simplex per edge) and the quantities read off them:
 * entropy and the derived (argmax) architecture. Nothing here depends on DJL.
 */
package org.geonas.core.space;
