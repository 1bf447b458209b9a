package org.geonas.core.run;

import java.util.List;
import org.geonas.core.jvm.ChildJvm;

/**
 * Starts one run in a JVM of its own (its kind's main class: {@link RunMain} for a search,
 * {@link TrainMain} for a training, which take the same arguments) the way a supervisor does (a sweep's
 * {@code ChildRun}): always {@code --resume}, so a restarted JVM continues from the last
 * checkpoint (a fresh folder has none and starts afresh), and {@code --exit-with-parent}, so the
 * run never goes on unsupervised. The JVM itself (flags, heap, threads, classpath, malloc
 * settings) is {@link ChildJvm}'s, shared with the engine probes: that generic part sits in
 * {@code core.jvm} because the engine check, below this package, starts JVMs too.
 *
 * @param kind search or training: which main class runs
 * @param layout the run's folder
 * @param device {@code cpu} or {@code gpu:N}; DJL stays offline on the CPU unless this JVM says otherwise
 * @param threads libtorch's intra-op threads
 * @param memory the run JVM's heap limit, e.g. {@code 1g}
 */
public record RunLauncher(RunKind kind, RunLayout layout, String device, int threads, String memory) {

    /** The run JVM, reading its spec from {@link RunLayout#spec()} and writing into the run folder. */
    public ChildJvm jvm() {
        return new ChildJvm(kind.main(), List.of(RunMain.SPEC, layout.spec().toString(), RunMain.OUT,
                layout.dir().toString(), RunMain.RESUME, RunMain.DEVICE, device, RunMain.EXIT_WITH_PARENT), memory,
                threads, device.equals("cpu"));
    }

    /** The process, not started, its output (stdout and stderr) appended to {@link RunLayout#log()}. */
    public ProcessBuilder processBuilder() {
        ProcessBuilder pb = jvm().processBuilder();
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()));
        return pb;
    }
}
