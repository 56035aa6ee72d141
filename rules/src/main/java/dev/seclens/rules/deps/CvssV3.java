package dev.seclens.rules.deps;

import dev.seclens.rules.Severity;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The CVSS v3.x base score of a vector string, as a severity (FIRST's qualitative rating scale). */
final class CvssV3 {
    private CvssV3() {
    }

    static Optional<Severity> severity(String vector) {
        return score(vector).map(score -> score == 0 ? Severity.INFO
                : score < 4 ? Severity.LOW : score < 7 ? Severity.MEDIUM : score < 9 ? Severity.HIGH : Severity.CRITICAL);
    }

    /** The base score (CVSS v3.1 specification, section 7.1), or empty for a malformed vector. */
    static Optional<Double> score(String vector) {
        String[] parts = vector.split("/");
        if (parts.length < 9 || !parts[0].matches("CVSS:3\\.[01]")) {
            return Optional.empty();
        }
        Map<String, String> metrics = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split(":");
            if (kv.length != 2) {
                return Optional.empty();
            }
            metrics.put(kv[0], kv[1]);
        }
        try {
            boolean changed = metric(metrics, "S", "U", 0, "C", 1) == 1;
            double av = metric(metrics, "AV", "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
            double ac = metric(metrics, "AC", "L", 0.77, "H", 0.44);
            double pr = metric(metrics, "PR", "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
            double ui = metric(metrics, "UI", "N", 0.85, "R", 0.62);
            double c = metric(metrics, "C", "H", 0.56, "L", 0.22, "N", 0);
            double in = metric(metrics, "I", "H", 0.56, "L", 0.22, "N", 0);
            double a = metric(metrics, "A", "H", 0.56, "L", 0.22, "N", 0);
            double iss = 1 - (1 - c) * (1 - in) * (1 - a);
            double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
            double exploitability = 8.22 * av * ac * pr * ui;
            if (impact <= 0) {
                return Optional.of(0.0);
            }
            double base = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
            return Optional.of(roundUp(base));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static double metric(Map<String, String> metrics, String name, Object... valuesAndWeights) {
        String value = metrics.get(name);
        for (int i = 0; i < valuesAndWeights.length; i += 2) {
            if (valuesAndWeights[i].equals(value)) {
                return ((Number) valuesAndWeights[i + 1]).doubleValue();
            }
        }
        throw new IllegalArgumentException(name + ":" + value);
    }

    /** The specification's Roundup: the smallest one-decimal number at least the input. */
    private static double roundUp(double value) {
        long scaled = Math.round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.floor(scaled / 10000.0) + 1) / 10.0;
    }
}
