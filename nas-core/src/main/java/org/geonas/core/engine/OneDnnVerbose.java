package org.geonas.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What oneDNN says about itself with {@code ONEDNN_VERBOSE=1}: its version, the instruction set
 * it dispatches to, and which convolution kernel ran each pass at each shape.
 *
 * @param version e.g. {@code oneDNN v3.7.1 (commit ...)}, or {@code unknown}
 * @param isa e.g. {@code Intel AVX2 with Intel DL Boost}, or {@code unknown}
 * @param convolutions one per kernel run: pass, kernel and oneDNN's shape descriptor
 */
public record OneDnnVerbose(String version, String isa, List<Kernel> convolutions) {

    /**
     * One convolution kernel run.
     *
     * @param pass {@code forward_training}, {@code backward_data} (the input gradient) or {@code backward_weights}
     * @param implementation e.g. {@code jit:avx512_core}, {@code gemm:jit}
     * @param shape oneDNN's descriptor, e.g. {@code mb4_ic8oc24_ih16oh16kh3sh1dh0ph1_iw16ow16kw3sw1dw0pw1}
     */
    public record Kernel(String pass, String implementation, String shape) {
    }

    public OneDnnVerbose {
        convolutions = List.copyOf(convolutions);
    }

    /** Parses the {@code onednn_verbose} lines of a process's output (other lines are ignored). */
    public static OneDnnVerbose parse(List<String> lines) {
        String version = "unknown";
        String isa = "unknown";
        List<Kernel> convs = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("onednn_verbose")) {
                continue;
            }
            String[] f = line.split(",", -1);
            int info = indexOf(f, "info");
            if (info >= 0 && info + 1 < f.length) {
                if (f[info + 1].startsWith("oneDNN v")) {
                    version = f[info + 1];
                } else if (f[info + 1].equals("cpu") && info + 2 < f.length && f[info + 2].startsWith("isa:")) {
                    isa = f[info + 2].substring("isa:".length());
                }
            }
            int conv = indexOf(f, "convolution");
            if (indexOf(f, "exec") >= 0 && conv >= 0 && conv + 2 < f.length) {
                String shape = "";
                for (String field : f) {
                    if (field.startsWith("mb") || field.startsWith("g") && field.contains("mb")) {
                        shape = field;
                    }
                }
                convs.add(new Kernel(f[conv + 2], f[conv + 1], shape));
            }
        }
        return new OneDnnVerbose(version, isa, convs);
    }

    private static int indexOf(String[] fields, String value) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(value)) {
                return i;
            }
        }
        return -1;
    }

    /** For each pass, the kernels that ran it and how often, e.g. {@code backward_data -> {jit:avx2=12}}. */
    public Map<String, Map<String, Integer>> kernelsByPass() {
        Map<String, Map<String, Integer>> byPass = new LinkedHashMap<>();
        for (Kernel k : convolutions) {
            byPass.computeIfAbsent(k.pass(), p -> new LinkedHashMap<>()).merge(k.implementation(), 1, Integer::sum);
        }
        return byPass;
    }

    /**
     * The kernels that ran one pass of a convolution given as {@link OpCase#describe()} shapes
     * {@code (mb,ic,h,w) (oc,ic/g,k,k)} with its stride.
     */
    public List<String> implementationsFor(String pass, long[] x, long[] w, int stride) {
        String prefix = "mb" + x[0] + "_" + (x[1] / w[1] > 1 ? "g" + x[1] / w[1] : "") + "ic" + x[1] + "oc" + w[0]
                + "_ih" + x[2] + "oh";
        String kernel = "kh" + w[2] + "sh" + stride;
        return convolutions.stream().filter(k -> k.pass().equals(pass) && k.shape().startsWith(prefix)
                && k.shape().contains(kernel)).map(Kernel::implementation).distinct().toList();
    }
}
