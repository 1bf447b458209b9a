package org.geonas.core.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Properties;
import org.geonas.core.engine.CpuInfo;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.EngineReport;

/**
 * What produced a result, so it can be re-run: code version and git commit, JDK, OS and CPU
 * architecture, DJL and engine versions, host, when, the CPU model and the verdict of the
 * engine check this process ran (with the oneDNN cap it ran under).
 *
 * @param cpu vendor, model, cores and the widest vector extensions, one line
 * @param engineCheck the {@link EngineReport#summary()} of this process's engine check, or null if none ran
 */
public record Provenance(String codeVersion, String gitSha, String jdk, String os, String djlVersion, String engine,
        String engineVersion, String host, String createdAt, String cpu, String engineCheck) {

    /** The provenance of this process. */
    public static Provenance current() {
        Engine engine = Engine.getInstance();
        EngineReport check = EngineGuard.lastReport();
        return of(Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(),
                check == null ? null : check.summary());
    }

    /** The provenance of this process without loading the engine (for outputs that no engine computed). */
    public static Provenance withoutEngine() {
        return of(Engine.getDjlVersion(), "none", "none", null);
    }

    private static Provenance of(String djlVersion, String engineName, String engineVersion, String engineCheck) {
        Properties build = EngineGuard.buildProperties();
        String sha = System.getProperty("geonas.git.sha", System.getenv().getOrDefault("GEONAS_GIT_SHA", "unknown"));
        return new Provenance(build.getProperty("version", "unknown"), sha,
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                djlVersion, engineName, engineVersion, hostName(), Instant.now().toString(), CpuInfo.current().describe(),
                engineCheck);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
