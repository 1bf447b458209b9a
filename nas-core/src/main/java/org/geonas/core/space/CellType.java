package org.geonas.core.space;

/** The kinds of cell a search space stacks; NAS-Bench-201 has only {@link #NORMAL}. */
public enum CellType {
    NORMAL("normal"),
    REDUCE("reduce");

    private final String id;

    CellType(String id) {
        this.id = id;
    }

    /** The lower-case name used in tables and files. */
    public String id() {
        return id;
    }
}
