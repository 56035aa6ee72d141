package dev.seclens.rules;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import dev.seclens.rules.ast.FileIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What a rule sees of one file, and where it reports. One context per (file, rule) run. */
public final class RuleContext {
    private final SourceFile file;
    private final CompilationUnit unit;
    private final RuleMetadata rule;
    private final BooleanSupplier cancelled;
    private final ProjectFiles projectFiles;
    private final List<Finding> findings = new ArrayList<>();

    RuleContext(SourceFile file, CompilationUnit unit, RuleMetadata rule, BooleanSupplier cancelled,
                ProjectFiles projectFiles) {
        this.file = file;
        this.unit = unit;
        this.rule = rule;
        this.cancelled = cancelled;
        this.projectFiles = projectFiles;
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

    List<Finding> findings() {
        return findings;
    }
}
