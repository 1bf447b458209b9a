package org.geonas.core.run;

import ai.djl.Device;

/** Parses device names given on command lines: {@code cpu}, {@code gpu}, {@code gpu:N}. */
public final class Devices {

    private Devices() {
    }

    public static Device parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu")) {
            return Device.gpu();
        }
        if (n.matches("gpu:\\d+")) {
            return Device.gpu(Integer.parseInt(n.substring(4)));
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; use cpu, gpu or gpu:N");
    }
}
