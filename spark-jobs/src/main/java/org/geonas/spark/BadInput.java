package org.geonas.spark;

/**
 * Finds the bad-input error a Spark task raised (a corrupt benchmark file, say) under the
 * layers of SparkException the driver sees, so the user gets its one line, not a stack of them.
 */
public final class BadInput {

    private BadInput() {
    }

    /** The first IllegalArgumentException in the cause chain, else the exception itself (unchecked). */
    public static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                return bad;
            }
        }
        String m = String.valueOf(e.getMessage());
        String marker = IllegalArgumentException.class.getName() + ": ";
        int at = m.indexOf(marker);
        if (at >= 0) {
            return new IllegalArgumentException(m.substring(at + marker.length()).lines().findFirst().orElse(m), e);
        }
        return e instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e.getMessage(), e);
    }
}
