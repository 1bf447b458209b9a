package org.geonas.spark;

import java.nio.file.Path;
import org.geonas.core.engine.EngineGuard;
import org.geonas.core.engine.ShapeSet;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses this test JVM's oneDNN cap for every supernet shape the tests use (the {@code tests}
 * set of conf/engine-shapes.yaml) before any test loads libtorch; each run then checks its own
 * shape under that cap.
 */
public final class EngineGuardSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Path shapes = Path.of(System.getProperty("geonas.project.dir", "..")).resolve("conf/engine-shapes.yaml");
        EngineGuard.prepare(ShapeSet.read(shapes, "tests"), EngineGuard.configuredThreads());
    }
}
