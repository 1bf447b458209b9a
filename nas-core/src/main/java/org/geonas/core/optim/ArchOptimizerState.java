package org.geonas.core.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serializable state of an architecture optimizer: named flat arrays plus the step count.
 *
 * @param method the method id that produced it, checked on restore
 * @param steps updates taken so far
 * @param arrays named state arrays (copied)
 */
public record ArchOptimizerState(String method, long steps, Map<String, double[]> arrays) {

    public ArchOptimizerState {
        Map<String, double[]> copy = new LinkedHashMap<>();
        arrays.forEach((k, v) -> copy.put(k, v.clone()));
        arrays = java.util.Collections.unmodifiableMap(copy);
    }

    /** Copies of the arrays (the record keeps its own). */
    @Override
    public Map<String, double[]> arrays() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        arrays.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** A copy of one array; an error if it is absent. */
    public double[] array(String name) {
        double[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("architecture optimizer state of " + method + " lacks '" + name + "'");
        }
        return a.clone();
    }

    /** Fails unless this state was written by {@code expected}. */
    void requireMethod(String expected) {
        if (!expected.equals(method)) {
            throw new IllegalArgumentException("cannot restore a " + method + " optimizer state into " + expected);
        }
    }
}
