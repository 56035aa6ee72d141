package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The taint engine as a service of one file's analysis ({@code RuleContext#service}): the flows of
 * the file under the specifications and the workspace's summaries in force, computed once and
 * shared by every taint rule.
 */
public final class FileFlows {
    private final TaintEngine engine;
    private final SummaryTable summaries;
    private final CompilationUnit unit;
    private final String path;

    public FileFlows(TaintEngine engine, SummaryTable summaries, CompilationUnit unit, String path) {
        this.engine = engine;
        this.summaries = summaries;
        this.unit = unit;
        this.path = path;
    }

    public List<Flow> flows(BooleanSupplier cancelled) {
        return engine.flows(unit, path, summaries, cancelled);
    }
}
