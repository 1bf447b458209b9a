package org.geonas.cli;

/** Process exit codes of the commands. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int DIVERGED = 3;
    /** The engine check found ops computed wrongly and no instruction-set cap routes around them. */
    static final int ENGINE_CHECK = 4;

    private ExitCodes() {
    }
}
