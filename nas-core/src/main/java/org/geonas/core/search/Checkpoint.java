package org.geonas.core.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.geonas.core.optim.ArchOptimizerState;

/**
 * The state at the end of an epoch, stored as a folder {@code epoch-NNNN} under a checkpoint
 * directory: {@code state.json} (fingerprint of the run, epoch, architecture optimizer state,
 * the seed from which every later epoch's randomness is derived, the metrics so far),
 * {@code network.params} (DJL's parameter encoding) and {@code momentum.bin}. A folder is
 * written under a temporary name and renamed when complete, so a kill mid-write leaves the
 * previous checkpoint intact; older checkpoints are removed after the rename.
 *
 * @param fingerprint identifies the run configuration; a resume under another one is refused
 * @param epoch the last completed epoch
 * @param seed the run seed (epoch e's batches are derived from it and e)
 * @param archState the architecture optimizer's state
 * @param history the metrics of epochs 0..epoch
 */
public record Checkpoint(String fingerprint, int epoch, long seed, ArchOptimizerState archState,
        List<EpochMetrics> history) {

    static final String STATE = "state.json";
    /** The network parameters' file in a checkpoint folder. */
    public static final String NETWORK = "network.params";
    /** The SGD momentum buffers' file in a checkpoint folder. */
    public static final String MOMENTUM = "momentum.bin";
    private static final String PREFIX = "epoch-";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The folder of a given epoch's checkpoint. */
    static Path folder(Path dir, int epoch) {
        return dir.resolve(folderName(epoch));
    }

    /**
     * The name of epoch {@code epoch}'s checkpoint folder, {@code epoch-NNNN}: zero-padded so that
     * names sort as epochs do. Public because a run's layout (and a sweep's copy of it on another
     * file system) names these folders too.
     */
    public static String folderName(int epoch) {
        return String.format(java.util.Locale.ROOT, "%s%04d", PREFIX, epoch);
    }

    /** Whether {@code name} is a complete checkpoint folder's name (not a temporary one). */
    public static boolean isFolderName(String name) {
        return name.matches(PREFIX + "\\d+");
    }

    /** Writes this checkpoint atomically, with the network and momentum bytes produced by {@code payload}. */
    void write(Path dir, Payload payload) {
        write(dir, epoch, this, payload);
    }

    /**
     * Writes epoch {@code epoch}'s checkpoint folder atomically: {@code state} as {@code state.json}
     * (any record Jackson writes in snake_case) and the network and momentum bytes of {@code
     * payload}; then removes the older folders. Other training loops (the evaluation stage's) keep
     * their own state record in the same folders.
     */
    public static void write(Path dir, int epoch, Object state, Payload payload) {
        try {
            Files.createDirectories(dir);
            Path done = folder(dir, epoch);
            Path tmp = dir.resolve(done.getFileName() + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            payload.writeNetwork(tmp.resolve(NETWORK));
            Files.write(tmp.resolve(MOMENTUM), payload.momentum());
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
            deleteTree(done);
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
            for (Path old : completed(dir)) {
                if (!old.equals(done)) {
                    deleteTree(old);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint under {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) {
        List<Path> all = completed(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Reads {@code state.json} of a checkpoint folder. */
    static Checkpoint read(Path folder) {
        return readState(folder, Checkpoint.class);
    }

    /** Reads {@code state.json} of a checkpoint folder as the state record {@code type}. */
    public static <T> T readState(Path folder, Class<T> type) {
        Path state = folder.resolve(STATE);
        try {
            return JSON.readValue(state.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(state + ": unreadable checkpoint (" + e.getMessage()
                    + "); delete the folder to resume from the one before, or start afresh", e);
        }
    }

    /** Whether {@code dir} holds any complete checkpoint. */
    public static boolean exists(Path dir) {
        return latest(dir).isPresent();
    }

    private static List<Path> completed(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> isFolderName(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The payload of a network trained by {@code sgd}: its parameters and the momentum buffers. */
    public static Payload payload(ai.djl.nn.Block net, SgdMomentum sgd) {
        return new Payload() {
            @Override
            public void writeNetwork(Path file) throws IOException {
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        Files.newOutputStream(file)))) {
                    net.saveParameters(out);
                }
            }

            @Override
            public byte[] momentum() {
                return sgd.encodeState();
            }
        };
    }

    /** Loads a checkpoint folder's network parameters and momentum buffers into {@code net} and {@code sgd}. */
    public static void restore(Path folder, ai.djl.ndarray.NDManager root, ai.djl.nn.Block net, SgdMomentum sgd) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                Files.newInputStream(folder.resolve(NETWORK))))) {
            net.loadParameters(root, in);
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException(folder.resolve(NETWORK) + ": unreadable network parameters ("
                    + e.getMessage() + "); delete the checkpoint folder to resume from an earlier one", e);
        }
        sgd.setGradientsEnabled(true); // loaded arrays come without gradients
        try {
            sgd.restoreState(root, Files.readAllBytes(folder.resolve(MOMENTUM)));
        } catch (IOException e) {
            throw new UncheckedIOException(folder.resolve(MOMENTUM) + ": unreadable", e);
        }
    }

    /** The binary parts of a checkpoint. */
    public interface Payload {
        void writeNetwork(Path file) throws IOException;

        byte[] momentum();
    }
}
