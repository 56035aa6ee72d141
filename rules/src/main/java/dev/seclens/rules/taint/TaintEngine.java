package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The taint engine's entry points: the specifications in force (built-in plus a workspace's own
 * files), the analysis of one parsed file against a table of other files' summaries, and the
 * summaries of a file for that table. Immutable and thread-safe.
 */
public final class TaintEngine {
    private static final DataKey<Cached> RESULT = new DataKey<>() {
    };
    private static volatile TaintEngine builtIn;

    private final SpecIndex specs;
    private final String specHash;

    private TaintEngine(SpecLoader loader, Set<String> usedEntries, Set<String> threatModels) {
        this.specs = new SpecIndex(loader.specs(), usedEntries, threatModels);
        this.specHash = loader.hash();
    }

    private TaintEngine(SpecLoader loader) {
        this(loader, null, SpecIndex.DEFAULT_THREAT_MODELS);
    }

    /**
     * A new engine with the built-in specifications and the sources of every threat model, that
     * adds to {@code usedEntries} (a thread-safe set) the {@code where} of every entry that matched
     * a call, parameter or return while it ran, so a test can tell which entries no fixture exercises.
     */
    public static TaintEngine builtInRecordingUse(Set<String> usedEntries) {
        return new TaintEngine(new SpecLoader(TaintRules.kinds()).loadBuiltIn(), usedEntries, SpecLoader.THREAT_MODELS);
    }

    /** The engine with the specifications shipped in this module. */
    public static TaintEngine builtIn() {
        TaintEngine engine = builtIn;
        if (engine == null) {
            synchronized (TaintEngine.class) {
                if (builtIn == null) {
                    builtIn = new TaintEngine(new SpecLoader(TaintRules.kinds()).loadBuiltIn());
                }
                engine = builtIn;
            }
        }
        return engine;
    }

    /**
     * The built-in specifications plus {@code files} (name → JSON text, as a workspace lists them).
     * Throws with the file and entry named when one is malformed or repeats another entry.
     */
    public static TaintEngine withSpecFiles(Map<String, String> files) throws SpecException {
        if (files.isEmpty()) {
            return builtIn();
        }
        SpecLoader loader = new SpecLoader(TaintRules.kinds()).loadBuiltIn();
        for (Map.Entry<String, String> f : files.entrySet()) {
            loader.load(f.getKey(), f.getValue());
        }
        return new TaintEngine(loader);
    }

    public TaintSpecs specs() {
        return specs.specs;
    }

    /** Changes whenever any specification file does; part of every cache key of results. */
    public String specHash() {
        return specHash;
    }

    /** The flows in {@code unit}, computed once per (unit, engine, table) and shared by the taint rules. */
    public List<Flow> flows(CompilationUnit unit, String path, SummaryTable table, BooleanSupplier cancelled) {
        if (unit.containsData(RESULT)) {
            Cached cached = unit.getData(RESULT);
            if (sameSpecs(cached.engine) && cached.table == table) {
                return cached.flows;
            }
        }
        FileTaint file = new FileTaint(unit, path, specs, table, cancelled).run();
        List<Flow> flows = file.flows();
        if (!cancelled.getAsBoolean()) {
            unit.setData(RESULT, new Cached(this, table, flows, file.classes(), file.limits()));
        }
        return flows;
    }

    /** An engine loaded again from the same specifications (a configuration reload) computes the same results. */
    private boolean sameSpecs(TaintEngine other) {
        return other == this || other.specHash.equals(specHash);
    }

    private record Cached(TaintEngine engine, SummaryTable table, List<Flow> flows, List<ClassSummary> classes,
                          List<String> limits) {
    }

    /** The limits the taint rules' run over {@code unit} applied (capped calls), if they ran. */
    public List<String> limitsOf(CompilationUnit unit) {
        if (unit.containsData(RESULT) && sameSpecs(unit.getData(RESULT).engine)) {
            return unit.getData(RESULT).limits;
        }
        return List.of();
    }

    /** The summaries the taint rules' run over {@code unit} computed along with its flows, if they ran. */
    public Optional<List<ClassSummary>> summariesOf(CompilationUnit unit) {
        if (unit.containsData(RESULT) && sameSpecs(unit.getData(RESULT).engine)) {
            return Optional.of(unit.getData(RESULT).classes);
        }
        return Optional.empty();
    }

    /** The summaries of the classes of {@code unit}, as calls from other files use them. */
    public List<ClassSummary> summarize(CompilationUnit unit, String path, SummaryTable table) {
        return new FileTaint(unit, path, specs, table, () -> false).run().classes();
    }

}
