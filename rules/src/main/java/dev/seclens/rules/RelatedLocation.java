package dev.seclens.rules;

/**
 * A place that explains a finding, such as where the offending value came from.
 *
 * @param file     the path of the file it is in when that is another file than the finding's; empty otherwise
 * @param flowStep whether it is a step of the path tainted data took to the finding (source first), which
 *                 SARIF shows as a code flow
 */
public record RelatedLocation(SourceRange range, String message, String file, boolean flowStep) {

    public RelatedLocation(SourceRange range, String message) {
        this(range, message, "", false);
    }

    public boolean isInAnotherFile() {
        return !file.isEmpty();
    }
}
