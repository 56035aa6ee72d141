package dev.seclens.rules.taint;

import dev.seclens.rules.Confidence;
import dev.seclens.rules.SourceRange;

/**
 * Where a taint began: a real source ({@code request.getParameter("id")}, line 14), or, while a
 * method's summary is built, one of its parameters or its receiver standing for whatever callers pass.
 *
 * @param file       the path of the file the source is in
 * @param parameter  {@link #REAL} for a real source, {@link #RECEIVER}, or a parameter index
 */
public record Origin(String code, String label, String file, SourceRange range, Confidence confidence, int parameter) {
    public static final int REAL = -1;
    public static final int RECEIVER = -2;

    public static Origin parameter(int index) {
        return new Origin("parameter " + index, "parameter", "", SourceRange.point(1, 1), Confidence.HIGH, index);
    }

    public static Origin receiver() {
        return new Origin("this", "receiver", "", SourceRange.point(1, 1), Confidence.HIGH, RECEIVER);
    }

    public Origin withConfidence(Confidence lower) {
        return new Origin(code, label, file, range, lower, parameter);
    }

    public boolean isReal() {
        return parameter == REAL;
    }
}
