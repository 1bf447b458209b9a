package org.geonas.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * This process's C environment, which native libraries read with {@code getenv} (the JVM's
 * {@code System.getenv} is a copy taken at start and does not see these changes). JNA comes
 * with DJL.
 */
final class NativeEnv {

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);

        String getenv(String name);
    }

    private static final LibC C = Native.load("c", LibC.class);

    private NativeEnv() {
    }

    static void set(String name, String value) {
        if (C.setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv " + name + " failed");
        }
    }

    static void unset(String name) {
        C.unsetenv(name);
    }

    static String get(String name) {
        return C.getenv(name);
    }
}
