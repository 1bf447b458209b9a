package org.geonas.core.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The child JVM's command comes from the one list of flags and malloc settings, and
 * {@code ./geonas} reads those same files, so the launcher and the script cannot drift apart.
 */
class ChildJvmTest {

    private static final String RESOURCES = "nas-core/src/main/resources/org/geonas/core/jvm/";

    @Test
    void theCommandHasTheSmallJvmFlagsHeapThreadsClasspathAndMain() {
        List<String> cmd = new ChildJvm(ChildJvmTest.class, List.of("a", "b"), "1g", 3, true).command();
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0));
        assertEquals(ChildJvm.options(), cmd.subList(1, 1 + ChildJvm.options().size()));
        assertTrue(cmd.containsAll(List.of("-Xmx1g", "-Dai.djl.pytorch.num_threads=3",
                "-Dai.djl.pytorch.num_interop_threads=1")), cmd.toString());
        assertEquals(List.of(ChildJvmTest.class.getName(), "a", "b"), cmd.subList(cmd.size() - 3, cmd.size()));
        String classpath = cmd.get(cmd.indexOf("-cp") + 1);
        assertTrue(List.of(classpath.split(File.pathSeparator)).containsAll(
                List.of(System.getProperty("java.class.path").split(File.pathSeparator))), classpath);
    }

    @Test
    void theFlagsAndTheMallocSettingsAreTheResourcesOnes() {
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms16m", "-Xss512k",
                "-XX:ReservedCodeCacheSize=32m", "-XX:-UsePerfData"), ChildJvm.options());
        assertEquals(Map.of("MALLOC_MMAP_THRESHOLD_", "1073741824", "MALLOC_TRIM_THRESHOLD_", "1073741824"),
                ChildJvm.environment());
        Map<String, String> env = new ChildJvm(ChildJvmTest.class, List.of(), "1g", 1, true).processBuilder()
                .environment();
        ChildJvm.environment().forEach((k, v) -> assertEquals(System.getenv().getOrDefault(k, v), env.get(k), k));
    }

    @Test
    void theLauncherScriptReadsTheSameFiles() throws Exception {
        Path project = Path.of(System.getProperty("geonas.project.dir", "."));
        String script = Files.readString(project.resolve("geonas"));
        assertTrue(script.contains(RESOURCES.substring(0, RESOURCES.length() - 1)), "./geonas must read " + RESOURCES);
        assertTrue(script.contains(ChildJvm.OPTIONS_RESOURCE) && script.contains(ChildJvm.ENVIRONMENT_RESOURCE));
        assertEquals(ChildJvm.options(), ChildJvm.parseArgFile(Files.readString(project.resolve(RESOURCES
                + ChildJvm.OPTIONS_RESOURCE))));
    }

    @Test
    void argumentFilesAreReadAsJavaReadsThem() {
        assertEquals(List.of("-Xa", "-Xb", "-Dx=1#2"), ChildJvm.parseArgFile("# it's a comment\n-Xa  -Xb # more\n\n"
                + "  -Dx=1#2\n"));
        assertThrows(IllegalStateException.class, () -> ChildJvm.parseArgFile("-Dx=\"a b\""));
        assertEquals(Map.of("A", "1", "B", "x=y"), ChildJvm.parseEnvFile("# NAME=value\nA=1\n\nB=x=y\n"));
    }
}
