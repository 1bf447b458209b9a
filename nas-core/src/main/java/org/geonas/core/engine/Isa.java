package org.geonas.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The oneDNN instruction-set caps GeoNAS may run libtorch under ({@code ONEDNN_MAX_CPU_ISA}),
 * fastest first. {@link #ALL} sets no cap: oneDNN uses the best the CPU has.
 */
public enum Isa {
    /** No cap: the best kernels the CPU supports (AVX-512, AMX, ... where present). */
    ALL("ALL", null),
    /** AVX-512 (the core subset) kernels at most. */
    AVX512_CORE("AVX512_CORE", "avx512f"),
    /** AVX2 kernels at most (channel block 8). */
    AVX2("AVX2", "avx2"),
    /** AVX at most: convolutions go through oneDNN's GEMM-based path. */
    AVX("AVX", "avx"),
    /** SSE4.1 at most, the floor. */
    SSE41("SSE41", "sse4_1");

    /** The environment variable oneDNN reads once, at its first kernel. */
    public static final String ENV = "ONEDNN_MAX_CPU_ISA";

    private final String envValue;
    private final String cpuFlag;

    Isa(String envValue, String cpuFlag) {
        this.envValue = envValue;
        this.cpuFlag = cpuFlag;
    }

    /** The value of {@link #ENV} for this cap. */
    public String envValue() {
        return envValue;
    }

    /** The caps worth trying on a CPU, fastest first (a cap above what the CPU has is the same as ALL). */
    public static List<Isa> ladder(CpuInfo cpu) {
        List<Isa> caps = new ArrayList<>();
        for (Isa isa : values()) {
            if (isa.cpuFlag == null || cpu.has(isa.cpuFlag)) {
                caps.add(isa);
            }
        }
        return caps;
    }

    /** The cap named by an {@link #ENV} value (any case), or an error naming the accepted values. */
    public static Isa fromEnv(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (Isa isa : values()) {
            if (isa.envValue.equals(v) || (isa == ALL && v.equals("DEFAULT"))) {
                return isa;
            }
        }
        throw new IllegalArgumentException(ENV + "=" + value + " is not a cap GeoNAS knows; use one of "
                + java.util.Arrays.stream(values()).map(Isa::envValue).toList() + " or unset it");
    }
}
