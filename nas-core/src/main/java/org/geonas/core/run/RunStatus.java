package org.geonas.core.run;

/** How a run ended. */
public enum RunStatus {
    SUCCEEDED, FAILED, DIVERGED;

    /** The lower-case form used in files and tables. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
