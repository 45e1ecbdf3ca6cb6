package io.jail4j.examples.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median and spread of a sample of measurements. */
final class Stats {
    private final double[] sorted;

    Stats(List<Double> values) {
        sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
    }

    double median() {
        return quantile(0.5);
    }

    double quantile(double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    int count() {
        return sorted.length;
    }

    /** Returns {@code median (p25-p75, min-max)} with the given unit. */
    String describe(String unit) {
        return String.format(Locale.ROOT, "%9.1f %s  (IQR %.1f-%.1f, range %.1f-%.1f)", median(), unit,
                quantile(0.25), quantile(0.75), min(), max());
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
