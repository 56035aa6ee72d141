package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import dev.seclens.rules.taint.SummaryTable.Tri;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses among a call's candidate methods as the language does (JLS §15.12.2): those applicable
 * to the argument types, by arity and type (with boxing and widening, {@code null} fitting any
 * reference), then the most specific. Where an argument's type is unknown, every overload that
 * may still apply is kept, and the choice is marked ambiguous so its flows are trusted less.
 */
final class Overloads {
    /** The overloads a call runs, and whether the argument types left more than one possible. */
    record Choice(List<MethodSummary> methods, boolean ambiguous) {
    }

    private static final Map<String, String> BOXES = Map.of("int", "java.lang.Integer", "long", "java.lang.Long",
            "short", "java.lang.Short", "byte", "java.lang.Byte", "char", "java.lang.Character",
            "boolean", "java.lang.Boolean", "double", "java.lang.Double", "float", "java.lang.Float");
    /** Primitive widening (JLS §5.1.2): each type and the types it widens to. */
    private static final Map<String, Set<String>> WIDENS_TO = Map.of(
            "byte", Set.of("short", "int", "long", "float", "double"),
            "short", Set.of("int", "long", "float", "double"),
            "char", Set.of("int", "long", "float", "double"),
            "int", Set.of("long", "float", "double"),
            "long", Set.of("float", "double"),
            "float", Set.of("double"));
    /** The supertypes of the library types whose hierarchy decides common overloads. */
    private static final Map<String, Set<String>> LIBRARY_SUPERTYPES = Map.ofEntries(
            Map.entry("java.lang.String", Set.of("java.lang.CharSequence", "java.lang.Comparable",
                    "java.io.Serializable", "java.lang.constant.Constable")),
            Map.entry("java.lang.StringBuilder", Set.of("java.lang.CharSequence", "java.lang.Appendable",
                    "java.io.Serializable", "java.lang.Comparable")),
            Map.entry("java.lang.StringBuffer", Set.of("java.lang.CharSequence", "java.lang.Appendable",
                    "java.io.Serializable", "java.lang.Comparable")),
            Map.entry("java.lang.Integer", Set.of("java.lang.Number", "java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.lang.Long", Set.of("java.lang.Number", "java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.lang.Double", Set.of("java.lang.Number", "java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.lang.Boolean", Set.of("java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.lang.Character", Set.of("java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.io.File", Set.of("java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.nio.file.Path", Set.of("java.lang.Comparable", "java.lang.Iterable",
                    "java.nio.file.Watchable")),
            Map.entry("java.net.URI", Set.of("java.lang.Comparable", "java.io.Serializable")),
            Map.entry("java.net.URL", Set.of("java.io.Serializable")));

    private final SummaryTable table;

    Overloads(SummaryTable table) {
        this.table = table;
    }

    /**
     * {@code argumentTypes}: each argument's resolved type ({@code java.lang.String}, {@code int},
     * {@code null}, {@code p.User}), empty when the source does not show it.
     */
    Choice choose(List<MethodSummary> candidates, List<Optional<String>> argumentTypes) {
        if (candidates.size() < 2) {
            return new Choice(candidates, false);
        }
        // a varargs method called with another count of arguments applies only when no fixed-arity one does (JLS §15.12.2.4)
        List<MethodSummary> fixedArity = candidates.stream().filter(m -> m.arity() == argumentTypes.size()).toList();
        if (fixedArity.isEmpty()) {
            List<MethodSummary> varargs = candidates.stream().filter(m -> SummaryTable.accepts(m, argumentTypes.size())).toList();
            return new Choice(varargs, varargs.size() > 1);
        }
        if (fixedArity.size() < candidates.size()) {
            return choose(fixedArity, argumentTypes);
        }
        // an overload declaring exactly the argument types is applicable and more specific than any other that is
        Optional<MethodSummary> exact = exactMatch(candidates, argumentTypes);
        if (exact.isPresent()) {
            return new Choice(List.of(exact.get()), false);
        }
        // phase 1 without boxing, then phase 2 with it (JLS §15.12.2.2-3): f(long) beats f(Integer) for an int
        Optional<Choice> strict = choose(candidates, argumentTypes, false);
        return strict.or(() -> choose(candidates, argumentTypes, true)).orElse(new Choice(candidates, true));
    }

    private Optional<Choice> choose(List<MethodSummary> candidates, List<Optional<String>> argumentTypes,
                                    boolean boxing) {
        List<MethodSummary> surely = new ArrayList<>();
        List<MethodSummary> possibly = new ArrayList<>();
        for (MethodSummary m : candidates) {
            Tri applicable = Tri.YES;
            for (int i = 0; i < argumentTypes.size() && i < m.arity() && applicable != Tri.NO; i++) {
                String parameter = table.resolve(m.parameterTypes().get(i));
                Tri fits = argumentTypes.get(i).map(a -> fits(a, parameter, boxing)).orElse(Tri.UNKNOWN);
                applicable = fits == Tri.NO ? Tri.NO : fits == Tri.UNKNOWN ? Tri.UNKNOWN : applicable;
            }
            if (applicable == Tri.YES) surely.add(m);
            else if (applicable == Tri.UNKNOWN) possibly.add(m);
        }
        if (possibly.isEmpty() && !surely.isEmpty()) {
            List<MethodSummary> specific = mostSpecific(surely);
            return Optional.of(new Choice(specific, specific.size() > 1));
        }
        List<MethodSummary> all = new ArrayList<>(surely);
        all.addAll(possibly);
        // when nothing fits what the source shows, the types are wrong somewhere (half-typed code): all, unsure
        return all.isEmpty() ? Optional.empty() : Optional.of(new Choice(all, all.size() > 1));
    }

    /**
     * The one candidate whose parameter types are the arguments' known, fully qualified types: no other
     * applicable overload can be more specific, whatever the types the analysis cannot see are.
     */
    private Optional<MethodSummary> exactMatch(List<MethodSummary> candidates, List<Optional<String>> argumentTypes) {
        if (argumentTypes.stream().anyMatch(t -> t.isEmpty() || t.get().equals("null") || TypeRef.isUnknown(t.get()))) {
            return Optional.empty();
        }
        List<MethodSummary> exact = candidates.stream().filter(m -> {
            for (int i = 0; i < argumentTypes.size(); i++) {
                if (!table.resolve(m.parameterTypes().get(i)).equals(argumentTypes.get(i).get())) return false;
            }
            return true;
        }).toList();
        return exact.size() == 1 ? Optional.of(exact.get(0)) : Optional.empty();
    }

    /** The candidates no other candidate is more specific than (JLS §15.12.2.5). */
    private List<MethodSummary> mostSpecific(List<MethodSummary> applicable) {
        List<MethodSummary> out = new ArrayList<>();
        for (MethodSummary m : applicable) {
            boolean beaten = false;
            for (MethodSummary other : applicable) {
                if (other != m && moreSpecific(other, m) && !moreSpecific(m, other)) {
                    beaten = true;
                    break;
                }
            }
            if (!beaten) out.add(m);
        }
        return out;
    }

    private boolean moreSpecific(MethodSummary a, MethodSummary b) {
        for (int i = 0; i < a.arity() && i < b.arity(); i++) {
            if (fits(table.resolve(a.parameterTypes().get(i)), table.resolve(b.parameterTypes().get(i)), false)
                    != Tri.YES) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a value of type {@code argument} may be passed where {@code parameter} is declared,
     * with boxing and unboxing when {@code boxing}.
     */
    Tri fits(String argument, String parameter, boolean boxing) {
        if (argument.equals(parameter)) {
            return Tri.YES;
        }
        boolean argumentPrimitive = BOXES.containsKey(argument);
        boolean parameterPrimitive = BOXES.containsKey(parameter);
        if (argument.equals("null")) {
            return parameterPrimitive ? Tri.NO : Tri.YES;
        }
        if (argumentPrimitive && parameterPrimitive) {
            return WIDENS_TO.getOrDefault(argument, Set.of()).contains(parameter) ? Tri.YES : Tri.NO;
        }
        if (argumentPrimitive) {
            // boxing, then a widening reference conversion
            return boxing ? fits(BOXES.get(argument), parameter, false) : Tri.NO;
        }
        if (parameterPrimitive) {
            return boxing && BOXES.get(parameter).equals(argument) ? Tri.YES : Tri.NO;
        }
        if (parameter.equals("java.lang.Object")) {
            return Tri.YES;
        }
        if (argument.endsWith("[]") != parameter.endsWith("[]")) {
            return Tri.NO;
        }
        if (argument.endsWith("[]")) {
            String a = argument.substring(0, argument.length() - 2);
            String p = parameter.substring(0, parameter.length() - 2);
            return BOXES.containsKey(a) || BOXES.containsKey(p) ? (a.equals(p) ? Tri.YES : Tri.NO) : fits(a, p, false);
        }
        if (TypeRef.isUnknown(argument) || TypeRef.isUnknown(parameter)) {
            String a = TypeRef.simpleName(argument);
            String p = TypeRef.simpleName(parameter);
            if (a.equals(p)) return Tri.YES;
            if (JdkTypes.isFinalClass(parameter)) return Tri.NO; // nothing else is a URL or a String
            // two library types known to be unrelated (String and File) decide; anything else may still fit
            return knownLeaf(argument) && knownLeaf(parameter) && !LIBRARY_SUPERTYPES.get(qualifiedLeaf(argument))
                    .contains(qualifiedLeaf(parameter)) ? Tri.NO : Tri.UNKNOWN;
        }
        Tri platform = JdkTypes.assignable(argument, parameter);
        if (platform != Tri.UNKNOWN) {
            return platform; // a ByteArrayInputStream is an InputStream, and never a File
        }
        if (JdkTypes.isFinalClass(parameter)) {
            return Tri.NO; // a library's FileItem is never a java.net.URL, which has no subclasses
        }
        Set<String> librarySupertypes = LIBRARY_SUPERTYPES.get(argument);
        if (librarySupertypes != null) {
            return librarySupertypes.contains(parameter) ? Tri.YES
                    : table.knows(parameter) || LIBRARY_SUPERTYPES.containsKey(parameter) ? Tri.NO : Tri.UNKNOWN;
        }
        return table.isSubtype(argument, parameter);
    }

    private static boolean knownLeaf(String type) {
        return qualifiedLeaf(type) != null;
    }

    /** The library type of {@link #LIBRARY_SUPERTYPES} a possibly unknown name denotes by its simple name. */
    private static String qualifiedLeaf(String type) {
        String simple = TypeRef.simpleName(type);
        for (String known : LIBRARY_SUPERTYPES.keySet()) {
            if (known.endsWith("." + simple)) return known;
        }
        return null;
    }
}
