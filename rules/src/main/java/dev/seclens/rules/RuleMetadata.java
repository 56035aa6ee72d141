package dev.seclens.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** What a rule is, independent of how it is implemented (AST class today, data entry later). */
public record RuleMetadata(
        String id,
        String title,
        List<Integer> cwe,
        Owasp owasp,
        Severity severity,
        Confidence confidence,
        String summary,
        boolean inTestCode,
        Concern concern) {

    public static final Pattern ID_FORMAT = Pattern.compile("java/[a-z0-9]+(-[a-z0-9]+)*");
    /** Where the published rule documentation lives; each rule's page is {@code BASE + name}. */
    public static final String DOCS_BASE_URI = "https://seclens.dev/rules/java/";

    public RuleMetadata {
        cwe = List.copyOf(cwe);
    }

    private static final ClassValue<RuleMetadata> FROM_ANNOTATION = new ClassValue<>() {
        @Override
        protected RuleMetadata computeValue(Class<?> type) {
            RuleInfo info = type.getAnnotation(RuleInfo.class);
            if (info == null) {
                throw new IllegalStateException(type.getName() + " has no @RuleInfo");
            }
            return of(info);
        }
    };

    /** The metadata declared by {@code @RuleInfo} on a rule class (read once per class). */
    public static RuleMetadata of(Class<?> ruleClass) {
        return FROM_ANNOTATION.get(ruleClass);
    }

    public static RuleMetadata of(RuleInfo info) {
        return new RuleMetadata(info.id(), info.title(), Arrays.stream(info.cwe()).boxed().toList(),
                info.owasp(), info.severity(), info.confidence(), info.summary(), info.inTestCode(), info.concern());
    }

    /** This rule under another severity. */
    public RuleMetadata withSeverity(Severity newSeverity) {
        return new RuleMetadata(id, title, cwe, owasp, newSeverity, confidence, summary, inTestCode, concern);
    }

    /** The id without the language prefix: {@code weak-hash} for {@code java/weak-hash}. */
    public String name() {
        return id.substring(id.indexOf('/') + 1);
    }

    public String docUri() {
        return DOCS_BASE_URI + name();
    }

    /** The rule's Markdown documentation shipped in this module, or null when it has none. */
    public String documentation() {
        try (InputStream in = RuleMetadata.class.getResourceAsStream("docs/" + name() + ".md")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
