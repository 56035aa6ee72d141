package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.checks.PreparedStatementFix;
import java.util.ArrayList;
import java.util.List;

/**
 * One injection rule of the taint engine, defined by data ({@code rules.json}): the flows whose
 * sink has this rule's kind, reported at the argument where the data enters the sink (or the
 * helper that leads to it), with the path as related locations.
 */
public final class TaintRule implements Rule {
    private final RuleMetadata metadata;
    private final String kind;
    private final String defect;
    private final String advice;

    TaintRule(RuleMetadata metadata, String kind, String defect, String advice) {
        this.metadata = metadata;
        this.kind = kind;
        this.defect = defect;
        this.advice = advice;
    }

    @Override
    public RuleMetadata metadata() {
        return metadata;
    }

    public String kind() {
        return kind;
    }

    @Override
    public void check(RuleContext context) {
        String path = context.file().path();
        List<Flow> flows = context.taintEngine().flows(context.unit(), path, context.summaries(), context::isCancelled);
        for (Flow flow : flows) {
            if (!flow.sink().kind().equals(kind)) {
                continue;
            }
            Origin source = flow.taint().origin();
            boolean sourceHere = source.file().equals(path);
            String where = sourceHere ? "line " + source.range().startLine()
                    : FileTaint.fileName(source.file()) + ":" + source.range().startLine();
            SinkHit sink = flow.sink();
            String via = sink.via().isEmpty() ? "" : " in `" + sink.via() + "` (" + FileTaint.fileName(sink.file()) + ":"
                    + sink.range().startLine() + ")";
            String message = source.code() + " (" + where + ") reaches `" + sink.name() + "`" + via + " — " + defect
                    + "; " + advice;
            Confidence confidence = source.confidence();
            if (flow.sinkMatchedByNameOnly() && confidence == Confidence.HIGH) {
                confidence = Confidence.MEDIUM;
            }
            context.report(flow.at(), message, confidence, related(flow, path), fix(flow, context));
        }
    }

    private static List<RelatedLocation> related(Flow flow, String path) {
        List<RelatedLocation> out = new ArrayList<>();
        Origin source = flow.taint().origin();
        out.add(new RelatedLocation(source.range(), "source: " + source.label() + " " + source.code(),
                source.file().equals(path) ? "" : source.file(), true));
        for (Step step : flow.taint().steps()) {
            out.add(new RelatedLocation(step.range(), step.message(), step.file().equals(path) ? "" : step.file(), true));
        }
        if (!flow.sink().via().isEmpty()) {
            SinkHit sink = flow.sink();
            out.add(new RelatedLocation(sink.range(), "sink: `" + sink.name() + "` in `" + sink.via() + "`",
                    sink.file().equals(path) ? "" : sink.file(), true));
        }
        return out;
    }

    private Fix fix(Flow flow, RuleContext context) {
        Node at = flow.at();
        if (!kind.equals("sql") || !flow.sink().via().isEmpty() || !(at instanceof Expression query)
                || !(at.getParentNode().orElse(null) instanceof MethodCallExpr call)) {
            return null;
        }
        return PreparedStatementFix.of(call, query, context.file().text()).orElse(null);
    }
}
