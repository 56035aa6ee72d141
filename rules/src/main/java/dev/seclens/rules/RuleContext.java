package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import dev.seclens.rules.ast.FileIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What a rule sees of one file, and where it reports. One context per (file, rule) run. */
public final class RuleContext {
    private final SourceFile file;
    private final CompilationUnit unit;
    private final RuleMetadata rule;
    private final BooleanSupplier cancelled;
    private final Map<Class<?>, Object> services;
    private final ProjectFiles projectFiles;
    private final List<Finding> findings = new ArrayList<>();

    RuleContext(SourceFile file, CompilationUnit unit, RuleMetadata rule, BooleanSupplier cancelled,
                Map<Class<?>, Object> services, ProjectFiles projectFiles) {
        this.file = file;
        this.unit = unit;
        this.rule = rule;
        this.cancelled = cancelled;
        this.services = services;
        this.projectFiles = projectFiles;
    }

    /**
     * A service the engine offers the rules for this file, by its type (the taint engine's flows of
     * the file, {@code taint.FileFlows}; the {@link ThreatModels} in force), shared by every rule that
     * asks; empty when not offered.
     */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /** The metadata of the rule running, as configured. */
    public RuleMetadata rule() {
        return rule;
    }

    public SourceFile file() {
        return file;
    }

    public CompilationUnit unit() {
        return unit;
    }

    /** The nodes rules look for, gathered once per file and shared by all rules. */
    public FileIndex index() {
        return FileIndex.of(unit).orElseThrow();
    }

    /** The project's other files (its .properties files), as the caller lets rules read them. */
    public ProjectFiles projectFiles() {
        return projectFiles;
    }

    /** Long-running rules poll this and return early; the engine discards a cancelled run. */
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    public void report(Node node, String message) {
        report(node, message, rule.confidence(), List.of(), null);
    }

    public void report(Node node, String message, Fix fix) {
        report(node, message, rule.confidence(), List.of(), fix);
    }

    public void report(Node node, String message, Confidence confidence, List<RelatedLocation> related, Fix fix) {
        if (node.getRange().isEmpty()) {
            return; // nodes built by a rule, not parsed, have no place to point at
        }
        findings.add(new Finding(rule, SourceRange.of(node), message, rule.severity(), confidence,
                related, Optional.ofNullable(fix)));
    }

    /**
     * A finding that is only some of the weaknesses the rule covers: {@code cwe}, a subset of the
     * rule's CWEs, is what this finding's metadata names (a cookie missing only HttpOnly is CWE-1004).
     */
    public void report(Node node, String message, List<Integer> cwe, Confidence confidence,
                       List<RelatedLocation> related, Fix fix) {
        if (node.getRange().isEmpty()) {
            return;
        }
        if (!rule.cwe().containsAll(cwe) || cwe.isEmpty()) {
            throw new IllegalArgumentException(rule.id() + " does not cover CWEs " + cwe);
        }
        RuleMetadata narrowed = new RuleMetadata(rule.id(), rule.title(), List.copyOf(cwe), rule.owasp(), rule.severity(),
                rule.confidence(), rule.summary(), rule.inTestCode(), rule.concern());
        findings.add(new Finding(narrowed, SourceRange.of(node), message, rule.severity(), confidence, related,
                Optional.ofNullable(fix)));
    }

    /**
     * A finding less grave than the rule's usual ones (a lesser variant of the defect): its severity
     * is {@code severity}, never above the rule's own, which a configuration may have lowered.
     */
    public void report(Node node, String message, Severity severity, Confidence confidence,
                       List<RelatedLocation> related, Fix fix) {
        if (node.getRange().isEmpty()) {
            return;
        }
        Severity capped = severity.compareTo(rule.severity()) < 0 ? severity : rule.severity();
        findings.add(new Finding(rule, SourceRange.of(node), message, capped, confidence, related,
                Optional.ofNullable(fix)));
    }

    /**
     * A taint finding: {@code severity} capped as above, the threat model of the source that decided
     * it, and the paths of the other sources reaching the same place ({@link Finding#otherFlows()}).
     */
    public void report(Node node, String message, Severity severity, Confidence confidence,
                       List<RelatedLocation> related, Fix fix, String threatModel,
                       List<List<RelatedLocation>> otherFlows) {
        if (node.getRange().isEmpty()) {
            return;
        }
        Severity capped = severity.compareTo(rule.severity()) < 0 ? severity : rule.severity();
        findings.add(new Finding(rule, SourceRange.of(node), message, capped, confidence, related,
                Optional.ofNullable(fix), threatModel, otherFlows));
    }

    List<Finding> findings() {
        return findings;
    }
}
