package org.geonas.core.engine;

/** The engine computes wrong results for the ops a run needs, and no cap routes around it. One line. */
public final class EngineCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineCheckException(String message) {
        super(message);
    }
}
