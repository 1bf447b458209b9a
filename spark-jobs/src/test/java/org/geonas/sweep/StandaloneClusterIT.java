package org.geonas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: a Spark standalone master and worker started from the Spark jars on
 * loopback, the application jar submitted to it with spark-submit (client mode) and run by its
 * main class, the geonas command line, as {@code sweep FILE}: a 2-run sweep completed and its tables
 * written.
 */
class StandaloneClusterIT {

    @TempDir
    Path tmp;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        daemons.forEach(Process::destroyForcibly);
    }

    @Test
    void sweepSubmittedToAStandaloneClusterCompletes() throws Exception {
        Path appJar = Path.of(System.getProperty("geonas.app.jar"));
        assertTrue(Files.isRegularFile(appJar), "application jar missing: " + appJar);
        Path sparkHome = sparkHome();
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;

        daemons.add(start(sparkHome, "master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        waitForPort(port, 60);
        daemons.add(start(sparkHome, "worker.log", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "3g", "--work-dir", tmp.resolve("work").toString(),
                "--webui-port", Integer.toString(freePort()), master));

        Path spec = tmp.resolve("cluster.yaml");
        Files.writeString(spec, String.join("\n", "name: cluster", "output: " + tmp.resolve("out"), "grid:",
                "  method: [darts, gaea]", "  dataset: [synthetic]", "  seed: [0]", "training:", "  epochs: 2",
                "  channels: 4", "  cells: 1", "  batch: 16", "  image_size: 8", "  train_limit: 96", "  eval_limit: 32",
                ""));
        Process submit = start(sparkHome, "submit.log", "org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--deploy-mode", "client", "--class", "org.geonas.cli.GeoNas", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.cores=1", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                appJar.toString(), "sweep", spec.toString());
        boolean finished = submit.waitFor(8, TimeUnit.MINUTES);
        String log = Files.readString(tmp.resolve("submit.log"));
        assertTrue(finished, "spark-submit did not finish:\n" + tail(log));
        assertEquals(0, submit.exitValue(), tail(log));
        assertTrue(log.contains("[cluster] 2 runs: 0 already done, 2 to run"), tail(log));
        assertTrue(log.contains("nb201 gaea bilevel synthetic: 1 runs, 0 failed"), tail(log));
        for (String table : List.of("runs", "epochs", "arch_weights")) {
            Path partition = tmp.resolve("out/tables/" + table + "/sweep_id=cluster");
            try (Stream<Path> files = Files.list(partition)) {
                assertTrue(files.anyMatch(p -> p.toString().endsWith(".parquet")), "no parquet in " + partition);
            }
        }
        try (Stream<Path> workers = Files.walk(tmp.resolve("work"))) {
            assertTrue(workers.anyMatch(p -> p.getFileName().toString().equals("stderr")),
                    "the worker never started an executor");
        }
    }

    /** A SPARK_HOME whose jars/ holds this test's classpath jars (Spark's among them), as a worker needs. */
    private Path sparkHome() throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return home;
    }

    private Process start(Path sparkHome, String log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of(System.getProperty("geonas.project.dir"), "conf", "spark-java17.args"));
        cmd.add("-Xmx1g");
        cmd.add("-Dlog4j.configurationFile=" + System.getProperty("log4j.configurationFile"));
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(log).toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // without it the worker's executor launcher looks for a Spark source build
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (s.isConnected()) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("master did not listen on " + port);
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
