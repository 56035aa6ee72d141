package dev.seclens.rules.taint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link TaintSpecs} indexed by method name, which is what a call site is looked up by first, with
 * only the sources of the enabled threat models.
 */
final class SpecIndex {
    final TaintSpecs specs;
    final Map<String, List<TaintSpecs.Source>> sources = new HashMap<>();
    /**
     * Method sources of the {@code database} threat model when it is not chosen ({@code ResultSet.getString},
     * {@code query.getResultList()}): not untrusted, but still where a value begins: what they return
     * is what the database holds, never the parameters of the query they are called on. (A withheld
     * {@code local} source such as {@code reader.readLine()} does return its receiver's data: the
     * reader may wrap the request's body.)
     */
    final Map<String, List<TaintSpecs.Source>> withheldSources = new HashMap<>();
    final Map<String, List<TaintSpecs.Sink>> sinks = new HashMap<>();
    final Map<String, List<TaintSpecs.Sanitizer>> sanitizers = new HashMap<>();
    final Map<String, List<TaintSpecs.Propagator>> propagators = new HashMap<>();
    final Map<String, List<TaintSpecs.Neutral>> neutrals = new HashMap<>();
    final Map<String, List<TaintSpecs.Returns>> returns = new HashMap<>();
    final Map<String, TaintSpecs.Source> parameterAnnotations = new HashMap<>();
    final List<TaintSpecs.Source> handlerAnnotations = new ArrayList<>();
    final List<TaintSpecs.Source> mainArguments = new ArrayList<>();
    final List<TaintSpecs.Source> setterSources = new ArrayList<>();
    /** Sources on the parameters of implementations of a framework contract, by the contract's method name. */
    final Map<String, List<TaintSpecs.Source>> implementationSources = new HashMap<>();
    final List<TaintSpecs.Source> boundSources = new ArrayList<>();
    final List<TaintSpecs.Source> publicApiSources = new ArrayList<>();
    final List<TaintSpecs.HandlerReturn> handlerReturns;
    /** The calls sinks' {@code receiverFrom} name, by method name: what they return is a {@link Channel}. */
    final Map<String, List<Signature>> producers = new HashMap<>();
    /** Simple names of every annotation a source names, to skip parameters quickly. */
    final Set<String> annotationSimpleNames = new HashSet<>();

    /** Where the entries that matched some call are recorded ({@link TaintSpecs.Source#where()}), or null. */
    private final Set<String> usedEntries;
    /** The library types the specifications give supertypes for, by simple name: a call site knows only that. */
    private final Map<String, List<String>> libraryTypesBySimpleName = new HashMap<>();
    /**
     * {@link #librarySubtypesNamed} by simple name and ancestor: asked for every call and {@code new}
     * that a sink or source names, with the same few hundred pairs in every file of a scan. Only names
     * the specifications know are kept, so the project's own type names do not grow it.
     */
    private final Map<String, List<String>> subtypesNamed = new java.util.concurrent.ConcurrentHashMap<>();
    /** The index in {@link TaintSpecs#LOG_LEVELS} of the lowest level whose logging calls are sinks. */
    private final int lowestLevel;

    /**
     * @param threatModels    the threat models whose sources apply; the others' sources are left out
     * @param minimumLogLevel logging calls below this level ({@link TaintSpecs#LOG_LEVELS}) are left out as sinks
     */
    SpecIndex(TaintSpecs specs, Set<String> usedEntries, Set<String> threatModels, String minimumLogLevel) {
        this.specs = specs;
        this.usedEntries = usedEntries;
        this.handlerReturns = specs.handlerReturns();
        for (TaintSpecs.Source s : specs.sources()) {
            if (!threatModels.contains(s.threatModel())) {
                if (s.method() != null && s.threatModel().equals("database")) {
                    withheldSources.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s);
                }
                continue;
            }
            if (s.method() != null) {
                sources.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s);
            } else if (s.parameterAnnotation() != null) {
                for (String a : Signature.parse(s.parameterAnnotation() + "#x()").map(Signature::owners)
                        .orElse(List.of(s.parameterAnnotation()))) {
                    parameterAnnotations.put(a, s);
                    annotationSimpleNames.add(simple(a));
                }
            } else if (s.handlerAnnotation() != null) {
                handlerAnnotations.add(s);
                annotationSimpleNames.add(simple(s.handlerAnnotation()));
            } else if (s.setterOf() != null) {
                setterSources.add(s);
            } else if (s.implementationOf() != null) {
                implementationSources.computeIfAbsent(s.implementationOf().name(), k -> new ArrayList<>()).add(s);
            } else if (s.boundByAnnotation() != null) {
                boundSources.add(s);
            } else if (s.publicApi()) {
                publicApiSources.add(s);
            } else {
                mainArguments.add(s);
            }
        }
        lowestLevel = TaintSpecs.LOG_LEVELS.indexOf(minimumLogLevel);
        specs.sinks().stream().filter(s -> s.level() == null || TaintSpecs.LOG_LEVELS.indexOf(s.level()) >= lowestLevel)
                .forEach(s -> sinks.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s));
        specs.sinks().stream().map(TaintSpecs.Sink::receiverFrom).filter(java.util.Objects::nonNull).distinct()
                .forEach(p -> producers.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p));
        specs.sanitizers().forEach(s -> sanitizers.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s));
        specs.returns().forEach(r -> returns.computeIfAbsent(r.method().name(), k -> new ArrayList<>()).add(r));
        specs.propagators().forEach(s -> propagators.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s));
        specs.neutrals().forEach(s -> neutrals.computeIfAbsent(s.method().name(), k -> new ArrayList<>()).add(s));
        specs.supertypes().keySet().forEach(t -> libraryTypesBySimpleName.computeIfAbsent(simple(t), k -> new ArrayList<>()).add(t));
    }

    /**
     * Whether the logging call {@code s} matched writes below the minimum level: its level argument
     * is one of its level constants ({@code Level.FINE}, as written or imported) naming a lower level.
     */
    boolean writesBelowMinimumLevel(TaintSpecs.Sink s, List<com.github.javaparser.ast.expr.Expression> arguments) {
        if (s.levelArg() < 0 || s.levelArg() >= arguments.size()) {
            return false;
        }
        com.github.javaparser.ast.expr.Expression level = arguments.get(s.levelArg());
        String constant = level instanceof com.github.javaparser.ast.expr.FieldAccessExpr f ? f.getNameAsString()
                : level instanceof com.github.javaparser.ast.expr.NameExpr n ? n.getNameAsString() : null;
        String named = constant == null ? null : s.levelConstants().get(constant);
        return named != null && TaintSpecs.LOG_LEVELS.indexOf(named) < lowestLevel;
    }

    /** Notes that the entry at {@code where} matched, when someone asked to know which entries are used. */
    void used(String where) {
        if (usedEntries != null) {
            usedEntries.add(where);
        }
    }

    /**
     * The sanitizer a call runs among the {@code eligible} entries of its name: the first whose type
     * the call shows. With no type shown every entry of that name may be the one
     * ({@code encoder.encode(s)}: URLEncoder's or Base64's), so what the call makes safe is only what
     * all of them make safe; a {@linkplain FileTaint#GENERIC_NAMES common name} needs the type. Empty when none matches.
     */
    Optional<TaintSpecs.Sanitizer> sanitizer(String name, Predicate<TaintSpecs.Sanitizer> eligible,
                                             Function<TaintSpecs.Sanitizer, ApiMatcher.Match> match) {
        TaintSpecs.Sanitizer byName = null;
        Set<String> kinds = null;
        for (TaintSpecs.Sanitizer s : sanitizers.getOrDefault(name, List.of())) {
            if (!eligible.test(s)) {
                continue;
            }
            ApiMatcher.Match m = match.apply(s);
            if (m == ApiMatcher.Match.TYPED) {
                used(s.where());
                return Optional.of(s);
            }
            // on an object of unknown type a common name says nothing: charset.decode(bytes) is not Long.decode
            if (m == ApiMatcher.Match.NAME_ONLY && !FileTaint.GENERIC_NAMES.contains(name)) {
                used(s.where());
                byName = byName == null ? s : byName;
                kinds = kinds == null ? s.kinds() : TaintSpecs.bothKinds(kinds, s.kinds());
            }
        }
        return byName == null ? Optional.empty()
                : Optional.of(new TaintSpecs.Sanitizer(byName.method(), kinds, byName.validates(), byName.where()));
    }

    static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** Whether library type {@code type} is {@code ancestor} or extends it, per the specifications. */
    boolean isLibrarySubtype(String type, String ancestor) {
        return isLibrarySubtype(type, ancestor, 0);
    }

    private boolean isLibrarySubtype(String type, String ancestor, int depth) {
        if (type.equals(ancestor)) {
            return true;
        }
        if (depth > 8) {
            return false;
        }
        for (String s : specs.supertypes().getOrDefault(type, List.of())) {
            if (isLibrarySubtype(s, ancestor, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** The library types, qualified, whose simple name is {@code simpleName} and that extend {@code ancestor}. */
    List<String> librarySubtypesNamed(String simpleName, String ancestor) {
        if (!libraryTypesBySimpleName.containsKey(simpleName) && !simple(ancestor).equals(simpleName)) {
            return List.of();
        }
        return subtypesNamed.computeIfAbsent(simpleName + ' ' + ancestor, k -> {
            List<String> out = new ArrayList<>();
            if (simple(ancestor).equals(simpleName)) {
                out.add(ancestor);
            }
            for (String type : libraryTypesBySimpleName.getOrDefault(simpleName, List.of())) {
                if (isLibrarySubtype(type, ancestor)) {
                    out.add(type);
                }
            }
            return List.copyOf(out);
        });
    }
}
