/**
 * The search loop: first-order bilevel or single-level (ERM) training of a supernet together
 * with an architecture optimizer, per-epoch metrics, checkpoints from which an interrupted run
 * resumes bit-identically, and the step benchmark. All randomness of an epoch (batch order,
 * augmentation) is derived from the run seed and the epoch number, so a run resumed at an epoch
 * boundary sees exactly the batches an uninterrupted one would.
 */
package org.geonas.core.search;
