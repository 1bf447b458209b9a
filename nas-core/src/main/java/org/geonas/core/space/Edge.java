package org.geonas.core.space;

/**
 * A directed edge of a cell DAG: node {@code to} receives the output of node {@code from}.
 *
 * @param to the receiving node
 * @param from the sending node, smaller than {@code to}
 */
public record Edge(int to, int from) {

    public Edge {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("edge must go from a lower to a higher node: " + to + "<-" + from);
        }
    }

    /** The label used in tables, e.g. {@code 2<-1}. */
    public String label() {
        return to + "<-" + from;
    }
}
