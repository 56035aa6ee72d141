package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
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
    /** {@link #specHash()}: the specifications' hash with the options that are not the default. */
    private final String optionsHash;
    private final Set<String> threatModels;
    private final String minimumLogLevel;
    private final dev.seclens.rules.LogLevels logLevels;
    /** The engine of the default options this one was derived from, which keeps the derived ones. */
    private final TaintEngine base;
    private final Map<Options, TaintEngine> derived = new ConcurrentHashMap<>();

    /** What a configuration chooses of an engine: whose data is untrusted, and which logging calls are sinks. */
    private record Options(Set<String> threatModels, String minimumLogLevel) {
    }

    private TaintEngine(TaintSpecs specs, String specHash, Set<String> threatModels, String minimumLogLevel,
                        TaintEngine base, Set<String> usedEntries) {
        this.threatModels = Set.copyOf(threatModels);
        this.minimumLogLevel = minimumLogLevel;
        this.specs = new SpecIndex(specs, usedEntries, this.threatModels, minimumLogLevel);
        this.logLevels = dev.seclens.rules.LogLevels.of(specs, minimumLogLevel);
        this.specHash = specHash;
        this.optionsHash = (this.threatModels.equals(DEFAULT_THREAT_MODELS) ? specHash
                : specHash + "+" + String.join(",", new TreeSet<>(this.threatModels)))
                + (minimumLogLevel.equals(TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL) ? "" : "+log>=" + minimumLogLevel);
        this.base = base == null ? this : base;
    }

    private TaintEngine(TaintSpecs specs, String specHash, Options options, TaintEngine base) {
        this(specs, specHash, options.threatModels(), options.minimumLogLevel(), base, null);
    }

    private TaintEngine(SpecLoader loader) {
        this(loader.specs(), loader.hash(), DEFAULT_OPTIONS, null);
    }

    private static final Options DEFAULT_OPTIONS =
            new Options(Set.of(TaintSpecs.REMOTE), TaintSpecs.DEFAULT_MINIMUM_LOG_LEVEL);

    /** The threat models whose sources count unless a configuration says otherwise. */
    public static final Set<String> DEFAULT_THREAT_MODELS = Set.of(TaintSpecs.REMOTE);

    /**
     * A new engine with the built-in specifications and the sources of every threat model, that
     * adds to {@code usedEntries} (a thread-safe set) the {@code where} of every entry that matched
     * a call, parameter or return while it ran, so a test can tell which entries no fixture exercises.
     */
    public static TaintEngine builtInRecordingUse(Set<String> usedEntries) {
        SpecLoader loader = new SpecLoader(TaintRules.kinds()).loadBuiltIn();
        return new TaintEngine(loader.specs(), loader.hash(), Set.copyOf(TaintSpecs.THREAT_MODELS),
                TaintSpecs.LOG_LEVELS.get(0), null, usedEntries);
    }

    /** The engine with the specifications shipped in this module, for the default threat models. */
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

    /**
     * The same specifications with only the sources of {@code models} (names from
     * {@link TaintSpecs#THREAT_MODELS}) counting. Asked twice for the same models, it returns the same
     * engine, so whatever is kept per engine (a workspace's summaries) is not built again.
     */
    public TaintEngine withThreatModels(Set<String> models) {
        return with(new Options(Set.copyOf(models), minimumLogLevel));
    }

    /**
     * The same specifications with only the logging calls at {@code level} ({@link TaintSpecs#LOG_LEVELS})
     * or above as log-injection sinks; the same engine when asked again, as {@link #withThreatModels}.
     */
    public TaintEngine withMinimumLogLevel(String level) {
        if (!TaintSpecs.LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException("unknown log level " + level);
        }
        return with(new Options(threatModels, level));
    }

    private TaintEngine with(Options options) {
        if (options.equals(new Options(threatModels, minimumLogLevel))) {
            return this;
        }
        if (options.equals(new Options(base.threatModels, base.minimumLogLevel))) {
            return base;
        }
        return base.derived.computeIfAbsent(options, o -> new TaintEngine(base.specs.specs, base.specHash, o, base));
    }

    public Set<String> threatModels() {
        return threatModels;
    }

    public String minimumLogLevel() {
        return minimumLogLevel;
    }

    /** The minimum log level, and the levels the logging specifications give their calls. */
    public dev.seclens.rules.LogLevels logLevels() {
        return logLevels;
    }

    /** Every specification loaded, including the sources of threat models not enabled. */
    public TaintSpecs specs() {
        return specs.specs;
    }

    /**
     * Changes whenever any specification file, the enabled threat models or the minimum log level do;
     * part of every cache key of results.
     */
    public String specHash() {
        return optionsHash;
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
        return other == this || other.specHash().equals(specHash());
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
