/**
 * NAS-Bench-201 benchmark tables: the scores of every cell of the space, read once and looked
 * up by architecture. A table that does not match the space, a corrupt file or a missing
 * architecture is one clear error naming the file.
 */
package org.geonas.core.bench;
