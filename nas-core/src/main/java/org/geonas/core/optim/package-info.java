/**
 * Architecture optimizers: each owns the architecture variables of one run and exposes them to
 * the supernet only as weights on the simplex (the supernet never sees logits). Pure
 * {@code double[]} math, no DJL: the gradient they receive is the gradient of the loss with
 * respect to those weights, and each optimizer maps it to its own variables.
 */
package org.geonas.core.optim;
