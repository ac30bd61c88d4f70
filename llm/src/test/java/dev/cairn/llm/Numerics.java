package dev.cairn.llm;

/** Error measures for comparing logits and weights. */
final class Numerics {
    private Numerics() {}

    /** ‖a − b‖ / ‖b‖. */
    static double relativeL2(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** How many leading elements agree. */
    static int commonPrefix(int[] a, int[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) n++;
        return n;
    }
}
