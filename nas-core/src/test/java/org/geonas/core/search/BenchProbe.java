package org.geonas.core.search;

public final class BenchProbe {
    public static void main(String[] args) {
        int c = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]), b = Integer.parseInt(args[2]), s = Integer.parseInt(args[3]);
        var f = StepBenchmark.run(new StepBenchmark.Config(c, n, b, s, Integer.parseInt(args[4]), Integer.parseInt(args[5]), "darts")); System.out.print(f.profile()); System.out.println(f);
    }
}
