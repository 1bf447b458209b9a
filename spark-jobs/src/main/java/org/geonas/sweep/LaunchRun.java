package org.geonas.sweep;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.geonas.core.run.RunKind;

/**
 * The executor side of a sweep: one spec of a search or a training (JSON) in, its result (JSON)
 * out. Picks the GPU the task was given by Spark's resource scheduling, else the CPU.
 */
final class LaunchRun implements Function<String, String> {
    private static final long serialVersionUID = 1L;

    private final RunStore store;
    private final RunKind kind;
    private final int threadsPerRun;
    private final int maxAttempts;
    private final String runMemory;

    LaunchRun(RunStore store, RunKind kind, int threadsPerRun, int maxAttempts, String runMemory) {
        this.store = store;
        this.kind = kind;
        this.threadsPerRun = threadsPerRun;
        this.maxAttempts = maxAttempts;
        this.runMemory = runMemory;
    }

    @Override
    public String call(String specJson) {
        return new ChildRun(store, kind, specJson, threadsPerRun, maxAttempts, runMemory, device()).execute().toJson();
    }

    private static String device() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return "cpu";
        }
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources.get("gpu");
        return gpu != null && gpu.addresses().length > 0 ? "gpu:" + gpu.addresses()[0] : "cpu";
    }
}
