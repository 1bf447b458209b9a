package org.geonas.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU as {@code /proc/cpuinfo} describes it: vendor, model and the instruction-set flags
 * that decide which oneDNN kernels run. Elsewhere (no /proc) the fields are "unknown".
 *
 * @param vendor e.g. AuthenticAMD, GenuineIntel
 * @param model the model name
 * @param flags every flag of the first processor
 * @param cores logical processors this JVM sees
 */
public record CpuInfo(String vendor, String model, Set<String> flags, int cores) {

    /** The flags that matter for kernel choice, in the order shown to users. */
    private static final List<String> ISA_FLAGS = List.of("sse4_1", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8");

    public CpuInfo {
        flags = java.util.Collections.unmodifiableSet(new TreeSet<>(flags));
    }

    /** This machine's CPU. */
    public static CpuInfo current() {
        int cores = Runtime.getRuntime().availableProcessors();
        Path file = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(file)) {
            return new CpuInfo("unknown", System.getProperty("os.arch"), Set.of(), cores);
        }
        try {
            return parse(Files.readAllLines(file), cores);
        } catch (IOException e) {
            return new CpuInfo("unknown", System.getProperty("os.arch"), Set.of(), cores);
        }
    }

    /** The first processor's entry of a cpuinfo listing. */
    static CpuInfo parse(List<String> lines, int cores) {
        String vendor = "unknown";
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() && !flags.isEmpty()) {
                break; // the first processor is enough
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> model = value;
                case "flags" -> flags.addAll(List.of(value.split("\\s+")));
                default -> {
                    // other fields do not decide kernels
                }
            }
        }
        return new CpuInfo(vendor, model, flags, cores);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The instruction-set flags present, e.g. "avx avx2 fma avx512f ...". */
    public String isaFlags() {
        return String.join(" ", ISA_FLAGS.stream().filter(this::has).toList());
    }

    /** One line: vendor, model, cores and ISA flags. */
    public String describe() {
        return vendor + " " + model + ", " + cores + " cores, " + isaFlags();
    }
}
