package dev.seclens.rules.taint;

import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceRange;

/**
 * Where a taint began: a real source ({@code request.getParameter("id")}, line 14), or, while a
 * method's summary is built, one of its parameters or its receiver standing for whatever callers pass.
 *
 * @param file       the path of the file the source is in
 * @param parameter  {@link #REAL} for a real source, {@link #RECEIVER}, or a parameter index
 * @param threatModel the threat model of a real source ({@code remote}, {@code local}, {@code database}); empty otherwise
 * @param path       for a parameter or the receiver, the fields read from it ({@code ["customer", "name"]} for
 *                   {@code order.customer.name}): a caller substitutes that field of what it passes, not the
 *                   whole object; empty for the object itself and for real sources
 */
public record Origin(String code, String label, String file, SourceRange range, Confidence confidence, int parameter,
                     String threatModel, java.util.List<String> path) {
    public static final int REAL = -1;
    public static final int RECEIVER = -2;

    public Origin {
        threatModel = threatModel == null ? "" : threatModel; // summaries cached before threat models existed
        path = path == null ? java.util.List.of() : java.util.List.copyOf(path); // cached before fields were kept
    }

    public Origin(String code, String label, String file, SourceRange range, Confidence confidence, int parameter,
                  String threatModel) {
        this(code, label, file, range, confidence, parameter, threatModel, java.util.List.of());
    }

    /** The first parameters' origins, made once: every method's analysis starts from them. */
    private static final Origin[] PARAMETERS = java.util.stream.IntStream.range(0, 32)
            .mapToObj(Origin::newParameter).toArray(Origin[]::new);
    private static final Origin RECEIVER_ORIGIN =
            new Origin("this", "receiver", "", SourceRange.point(1, 1), Confidence.HIGH, RECEIVER, "");
    /**
     * The parameter and receiver origins at a field path that summaries hold, each kept once: in a
     * large tree the same {@code parameter 0.customer.name} is made anew in thousands of methods
     * and held by their summaries (java.xml: 138,000 origins, 12,500 of them different). Weak, so
     * an origin no summary holds any more is let go.
     */
    private static final java.util.Map<Origin, java.lang.ref.WeakReference<Origin>> AT_PATHS = new java.util.WeakHashMap<>();

    private static Origin newParameter(int index) {
        return new Origin("parameter " + index, "parameter", "", SourceRange.point(1, 1), Confidence.HIGH, index, "");
    }

    public static Origin parameter(int index) {
        return index >= 0 && index < PARAMETERS.length ? PARAMETERS[index] : newParameter(index);
    }

    public static Origin receiver() {
        return RECEIVER_ORIGIN;
    }

    private static Origin kept(Origin origin) {
        synchronized (AT_PATHS) {
            java.lang.ref.WeakReference<Origin> held = AT_PATHS.get(origin);
            Origin same = held == null ? null : held.get();
            if (same != null) {
                return same;
            }
            AT_PATHS.put(origin, new java.lang.ref.WeakReference<>(origin));
            return origin;
        }
    }

    public Origin withConfidence(Confidence lower) {
        return new Origin(code, label, file, range, lower, parameter, threatModel, path);
    }

    /** The same parameter or receiver, at {@code fields} ({@code path} cut short to widen it). */
    Origin withPath(java.util.List<String> fields) {
        if (fields.equals(path)) {
            return this;
        }
        return kept(new Origin(code, label, file, range, confidence, parameter, threatModel, fields));
    }

    /** The same parameter's or receiver's field {@code name}: {@code parameter 0.customer} becomes {@code parameter 0.customer.name}. */
    Origin field(String name) {
        java.util.List<String> longer = new java.util.ArrayList<>(path);
        longer.add(name);
        return kept(new Origin(code, label, file, range, confidence, parameter, threatModel, longer));
    }

    /**
     * As a record's, but first by identity and the cheap components: origins are compared at every
     * join of two values, and the origins of one parameter or receiver at one path are mostly the
     * same object ({@link #kept}).
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Origin o && parameter == o.parameter && confidence == o.confidence
                && java.util.Objects.equals(code, o.code) && path.equals(o.path) && java.util.Objects.equals(label, o.label)
                && java.util.Objects.equals(file, o.file) && java.util.Objects.equals(range, o.range)
                && threatModel.equals(o.threatModel);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(code, label, file, range, confidence, parameter, threatModel, path);
    }

    public boolean isReal() {
        return parameter == REAL;
    }
}
