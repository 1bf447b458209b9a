package org.geonas.core.engine;

/**
 * How far one op's float32 results were from float64 at one shape: the largest error over the
 * repetitions, each error relative to the largest magnitude of the float64 tensor.
 *
 * @param op the op, e.g. {@code conv2d k3 s1 p1 d1 g1}
 * @param shape its input shapes
 * @param forward error of the output
 * @param inputGradient error of the data input's gradient (backward-data); NaN if it has none
 * @param paramGradient largest error of the other inputs' gradients (e.g. the weight); NaN if none
 * @param passed every error finite and at most the tolerance
 */
public record OpVerdict(String op, String shape, double forward, double inputGradient, double paramGradient,
        boolean passed) {

    /** The largest of the errors (infinite for a non-finite result). */
    public double maxError() {
        double m = forward;
        if (!Double.isNaN(inputGradient)) {
            m = Math.max(m, inputGradient);
        }
        if (!Double.isNaN(paramGradient)) {
            m = Math.max(m, paramGradient);
        }
        return m;
    }

    /**
     * The result with the largest error, for a one-line message: on a failed op it is over the
     * tolerance whatever the device's tolerance was.
     */
    public String worstPart() {
        double worst = maxError();
        if (!(forward < worst)) {
            return "output";
        }
        return !Double.isNaN(inputGradient) && !(inputGradient < worst) ? "input gradient" : "weight gradient";
    }

    /** e.g. {@code conv2d k3 s1 p1 d1 g1 x(2,4,8,8) w(4,4,3,3): input gradient off by 0.67}. */
    public String describe() {
        return op + " " + shape + ": " + (passed ? "ok, max relative error " + format(maxError())
                : worstPart() + " off by " + format(maxError()) + " relative");
    }

    static String format(double e) {
        return Double.isFinite(e) ? String.format(java.util.Locale.ROOT, "%.2g", e) : "non-finite (NaN or infinity)";
    }
}
