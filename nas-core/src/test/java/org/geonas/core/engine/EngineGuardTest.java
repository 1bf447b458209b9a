package org.geonas.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the cap: probes in fresh JVMs, fastest first, cached per machine and shapes; CPU facts. */
class EngineGuardTest {

    private static final List<SupernetShape> TINY = List.of(new SupernetShape("nb201", 4, 1, 1, 10, 3, 8));

    @Test
    void theLadderStopsAtTheFirstPassingCapAndTheCacheRemembersIt(@TempDir Path dir) throws IOException {
        CpuInfo cpu = CpuInfo.current();
        EngineGuard.Selection first = EngineGuard.select(dir, TINY, 2, List.of(4, 16), cpu);
        assertEquals("probe", first.source());
        List<EngineGuard.Probe> probes = first.probes();
        assertEquals(first.cap(), probes.get(probes.size() - 1).cap());
        assertTrue(probes.get(probes.size() - 1).passed(), probes.toString());
        probes.subList(0, probes.size() - 1).forEach(p -> assertFalse(p.passed(), p.summary()));
        assertEquals(Isa.ladder(cpu).subList(0, probes.size()), probes.stream().map(EngineGuard.Probe::cap).toList());
        // every probe checked the run's batch size's convolutions too
        EngineReport chosen = probes.get(probes.size() - 1).report();
        assertEquals(List.of(4, 16), chosen.batches());
        assertTrue(chosen.verdicts().stream().anyMatch(v -> v.shape().startsWith("(16,4,8,8)")), chosen::summary);

        EngineGuard.Selection again = EngineGuard.select(dir, TINY, 2, List.of(4, 16), cpu);
        assertEquals("cache", again.source());
        assertEquals(first.cap(), again.cap());

        // a damaged cache entry is probed again, never trusted
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.writeString(f, "{not json");
            }
        }
        assertEquals("probe", EngineGuard.select(dir, TINY, 2, List.of(4, 16), cpu).source());
    }

    @Test
    void theGemmPathCapIsRightForTheSmallestShapes() {
        EngineGuard.Probe avx = EngineGuard.probe(Isa.AVX, TINY, 2, List.of(4, 64), 2);
        assertTrue(avx.passed(), avx.summary());
        assertEquals(Isa.AVX, avx.report().cap());
        assertEquals(2, avx.report().threads());
    }

    @Test
    void theCacheKeyDependsOnEverythingAVerdictDependsOn() {
        CpuInfo cpu = CpuInfo.current();
        String key = EngineGuard.cacheKey(cpu, TINY, 2, List.of(4, 16));
        assertEquals(key, EngineGuard.cacheKey(cpu, TINY, 2, List.of(4, 16)));
        assertNotEquals(key, EngineGuard.cacheKey(cpu, TINY, 1, List.of(4, 16)));
        assertNotEquals(key, EngineGuard.cacheKey(cpu, TINY, 2, List.of(4, 64)));
        assertNotEquals(key, EngineGuard.cacheKey(cpu, List.of(new SupernetShape("nb201", 8, 1, 1, 10, 3, 8)), 2,
                List.of(4, 16)));
        CpuInfo avx2Only = new CpuInfo(cpu.vendor(), cpu.model(), java.util.Set.of("avx", "avx2"), cpu.cores());
        assertNotEquals(key, EngineGuard.cacheKey(avx2Only, TINY, 2, List.of(4, 16)));
    }

    @Test
    void cpuInfoReadsTheFirstProcessorAndTheLadderFollowsItsFlags() {
        CpuInfo cpu = CpuInfo.parse(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "model name\t: AMD EPYC 9B14", "flags\t\t: fpu sse4_1 avx avx2 fma avx512f avx512bw", "",
                "processor\t: 1", "flags\t\t: fpu"), 2);
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals("AMD EPYC 9B14", cpu.model());
        assertTrue(cpu.has("avx512f"));
        assertEquals(List.of(Isa.ALL, Isa.AVX512_CORE, Isa.AVX2, Isa.AVX, Isa.SSE41), Isa.ladder(cpu));
        CpuInfo avx2 = CpuInfo.parse(List.of("vendor_id : GenuineIntel", "flags : sse4_1 avx avx2"), 4);
        assertEquals(List.of(Isa.ALL, Isa.AVX2, Isa.AVX, Isa.SSE41), Isa.ladder(avx2));
    }

    @Test
    void capsAreReadFromTheEnvironmentValueOrRefusedInOneLine() {
        assertEquals(Isa.AVX2, Isa.fromEnv("avx2"));
        assertEquals(Isa.ALL, Isa.fromEnv("DEFAULT"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Isa.fromEnv("AVX3"));
        assertTrue(e.getMessage().startsWith("ONEDNN_MAX_CPU_ISA=AVX3 is not a cap GeoNAS knows"), e.getMessage());
    }

    @Test
    void aMalformedShapeFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("shapes.yaml");
        Files.writeString(bad, "tests:\n  batches: [4]\n  shapes:\n    - {space: nb201, chanels: 4}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapeSet.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not a list of supernet shapes"), e.getMessage());
        assertEquals(3, EngineCheckTest.shapeSets().size());
    }
}
