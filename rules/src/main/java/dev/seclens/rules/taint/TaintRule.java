package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Fix;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.fixes.SinkFixes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One injection rule of the taint engine, defined by data ({@code rules.json}): the flows whose
 * sink has this rule's kind, reported once per argument where the data enters the sink (or the
 * helper that leads to it), with the path as related locations.
 */
public final class TaintRule implements Rule {
    private final RuleMetadata metadata;
    private final String kind;
    private final String defect;
    private final String advice;
    /** The rewrite this rule's data names for a flow into the sink's own argument, if any. */
    private final Optional<SinkFixes.SinkFix> fix;

    TaintRule(RuleMetadata metadata, String kind, String defect, String advice, Optional<SinkFixes.SinkFix> fix) {
        this.metadata = metadata;
        this.kind = kind;
        this.defect = defect;
        this.advice = advice;
        this.fix = fix;
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
        List<Flow> flows = context.service(FileFlows.class)
                .orElseThrow(() -> new IllegalStateException("the taint engine is not offered to " + metadata.id()))
                .flows(context::isCancelled);
        Map<String, List<Flow>> bySink = new LinkedHashMap<>();
        for (Flow flow : flows) {
            if (flow.sink().kind().equals(kind)) {
                bySink.computeIfAbsent(sinkKey(flow), k -> new ArrayList<>()).add(flow);
            }
        }
        for (List<Flow> sameSink : bySink.values()) {
            report(strongestPathPerSource(sameSink), path, context);
        }
    }

    /**
     * The flows to one sink, strongest first, one per source: a source that reaches the sink along
     * several paths (through two of a callee's log calls, say) is one source, reported with its
     * strongest path, so "and from N other sources" counts places a user can look at.
     */
    private static List<Flow> strongestPathPerSource(List<Flow> sameSink) {
        Map<String, Flow> bySource = new LinkedHashMap<>();
        for (Flow flow : sameSink.stream().sorted(STRONGEST_FIRST).toList()) {
            Origin o = flow.taint().origin();
            bySource.putIfAbsent(o.file() + "\0" + o.range() + "\0" + o.code(), flow);
        }
        return List.copyOf(bySource.values());
    }

    /**
     * Which flows make one finding: those entering the same sink argument; and, where the sinks are in
     * the method the call leads to, every flow through that one call, whichever argument carries it
     * and whichever of the callee's sinks it reaches (a helper handed a user name and a password that
     * reach its log calls is one defect at the call; the other paths are listed with it).
     */
    private static String sinkKey(Flow flow) {
        Node at = flow.at();
        SinkHit sink = flow.sink();
        Node parent = at.getParentNode().orElse(null);
        if (!sink.via().isEmpty() && (parent instanceof MethodCallExpr || parent instanceof ObjectCreationExpr)) {
            return "call " + SourceRange.of(parent);
        }
        return SourceRange.of(at).toString();
    }

    /**
     * One finding for the flows {@link #sinkKey} groups: the strongest source decides the
     * message, confidence and severity; the others are listed after it and kept as further paths.
     */
    private void report(List<Flow> flows, String path, RuleContext context) {
        Flow flow = flows.get(0);
        Origin source = flow.taint().origin();
        SinkHit sink = flow.sink();
        String via = sink.via().isEmpty() ? "" : " in `" + sink.via() + "` (" + FileTaint.fileName(sink.file()) + ":"
                + sink.range().startLine() + ")";
        int others = flows.size() - 1;
        String alsoFrom = others == 0 ? "" : others == 1 ? " (and from 1 other source)"
                : " (and from " + others + " other sources)";
        String writer = sink.writer().isEmpty() ? "" : " writing to " + sink.writer();
        String caveat = sink.caveat().isEmpty() ? "" : " (" + sink.caveat() + ")";
        String message = source.code() + " (" + where(source, path) + ")" + alsoFrom + " reaches `" + sink.name() + "`"
                + via + writer + caveat + " — " + defect + "; " + advice;
        List<RelatedLocation> related = new ArrayList<>(related(flow, path));
        List<List<RelatedLocation>> otherFlows = new ArrayList<>();
        for (Flow other : flows.subList(1, flows.size())) {
            Origin o = other.taint().origin();
            related.add(new RelatedLocation(o.range(), "also from " + o.label() + " " + o.code()
                    + threatModelNote(o), o.file().equals(path) ? "" : o.file(), false));
            otherFlows.add(related(other, path));
        }
        context.report(flow.at(), message, severity(source), confidence(flow), related, fix(flow, context),
                source.threatModel(), otherFlows);
    }

    /** Surer sources first, then data from the network before the database and the machine, then by place. */
    private static final Comparator<Flow> STRONGEST_FIRST = Comparator
            .comparing((Flow f) -> confidence(f), Comparator.reverseOrder())
            .thenComparingInt(f -> TaintSpecs.THREAT_MODELS.indexOf(f.taint().origin().threatModel()))
            .thenComparing(f -> f.taint().origin().file())
            .thenComparing(f -> f.taint().origin().range())
            .thenComparing(f -> f.sink().name());

    private static Confidence confidence(Flow flow) {
        if (!flow.sink().caveat().isEmpty()) {
            return Confidence.LOW; // the sink, as set up, is restricted: see its caveat
        }
        Confidence confidence = flow.taint().origin().confidence();
        return flow.sinkMatchedByNameOnly() && confidence == Confidence.HIGH ? Confidence.MEDIUM : confidence;
    }

    /**
     * The rule's severity for data from a network peer; one step lower for data from the machine or
     * the database, which an attacker must first have written there.
     */
    private Severity severity(Origin source) {
        if (source.threatModel().equals(TaintSpecs.REMOTE)) {
            return metadata.severity();
        }
        return metadata.severity() == Severity.INFO ? Severity.INFO : Severity.values()[metadata.severity().ordinal() - 1];
    }

    private static String where(Origin source, String path) {
        return source.file().equals(path) ? "line " + source.range().startLine()
                : FileTaint.fileName(source.file()) + ":" + source.range().startLine();
    }

    private static String threatModelNote(Origin source) {
        return source.threatModel().equals(TaintSpecs.REMOTE) ? "" : " (" + source.threatModel() + " threat model)";
    }

    private static List<RelatedLocation> related(Flow flow, String path) {
        List<RelatedLocation> out = new ArrayList<>();
        Origin source = flow.taint().origin();
        out.add(new RelatedLocation(source.range(), "source: " + source.label() + " " + source.code()
                + threatModelNote(source),
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

    /** The named rewrite, only where the data enters the sink call itself (not a helper leading to it). */
    private Fix fix(Flow flow, RuleContext context) {
        Node at = flow.at();
        if (fix.isEmpty() || !flow.sink().via().isEmpty() || !(at instanceof Expression argument)
                || !(at.getParentNode().orElse(null) instanceof MethodCallExpr call)) {
            return null;
        }
        return fix.get().at(call, argument, context.file().text()).orElse(null);
    }
}
