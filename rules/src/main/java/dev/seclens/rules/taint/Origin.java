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

    public static Origin parameter(int index) {
        return new Origin("parameter " + index, "parameter", "", SourceRange.point(1, 1), Confidence.HIGH, index, "");
    }

    public static Origin receiver() {
        return new Origin("this", "receiver", "", SourceRange.point(1, 1), Confidence.HIGH, RECEIVER, "");
    }

    public Origin withConfidence(Confidence lower) {
        return new Origin(code, label, file, range, lower, parameter, threatModel, path);
    }

    /** The same parameter or receiver, at {@code fields} ({@code path} cut short to widen it). */
    Origin withPath(java.util.List<String> fields) {
        return new Origin(code, label, file, range, confidence, parameter, threatModel, fields);
    }

    /** The same parameter's or receiver's field {@code name}: {@code parameter 0.customer} becomes {@code parameter 0.customer.name}. */
    Origin field(String name) {
        java.util.List<String> longer = new java.util.ArrayList<>(path);
        longer.add(name);
        return new Origin(code, label, file, range, confidence, parameter, threatModel, longer);
    }

    public boolean isReal() {
        return parameter == REAL;
    }
}
