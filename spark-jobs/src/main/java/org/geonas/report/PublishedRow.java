package org.geonas.report;

import java.util.List;

/**
 * A published NAS-Bench-201 result (test accuracy in percent after 200 epochs: CIFAR-10,
 * CIFAR-100, ImageNet16-120), shown beside the measured rows and never mixed with them.
 */
public record PublishedRow(String method, double cifar10, double cifar100, double imagenet16, String source) {

    private static final String GAEA_PAPER = "Li et al., ICLR 2021 (GAEA), NAS-Bench-201 table";

    /** The reference rows of the GAEA paper's NAS-Bench-201 table and the benchmark's best cells. */
    public static final List<PublishedRow> NB201 = List.of(
            new PublishedRow("DARTS", 54.30, 15.61, 16.32, GAEA_PAPER),
            new PublishedRow("GDAS", 93.61, 70.70, 41.71, GAEA_PAPER),
            new PublishedRow("RS-WS", 87.66, 58.33, 31.14, GAEA_PAPER),
            new PublishedRow("GAEA DARTS (ERM)", 94.10, 73.43, 46.36, GAEA_PAPER),
            new PublishedRow("optimum", 94.37, 73.51, 47.31, "NAS-Bench-201: best cell per dataset"));
}
