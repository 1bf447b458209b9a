package org.geonas.core.space;

/** An operation name that the search space does not have. */
public final class UnknownOpException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownOpException(String op, SearchSpace space) {
        super("unknown op '" + op + "' in search space " + space.id() + "; known ops: " + String.join(", ", space.ops()));
    }
}
