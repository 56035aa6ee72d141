package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A class of the scanned code as calls from other files see it.
 *
 * @param name       its fully qualified name ({@code p.Outer.Inner}, {@code p.Outer$Local})
 * @param supertypes the classes and interfaces it extends, as {@linkplain TypeRef#encoded() encoded
 *                   references} resolved against the workspace when asked
 * @param test       whether it is test code, which production code never calls into
 * @param staticWrites the real sources its methods store in static fields, by {@code owner#field}
 *                   (the owner's fully qualified name), so a read of that field in another file sees them
 * @param constants  its {@code static final} fields whose values fold, {@linkplain #constant encoded}, so
 *                   another file's {@code if (Flags.LEGACY)} is decided as this file's would be
 * @param functionParameters for an interface with one abstract method (or none, extending one
 *                   {@code java.util.function} interface), that method's parameter types
 *                   (encoded references): what a lambda written without types in another file takes
 * @param functionTypes for its fields and its methods' parameters declared as a {@code java.util.function}
 *                   interface with type arguments, whose types {@link MethodSummary#parameterTypes()}
 *                   keep without them: the parameter types of that function (encoded references, empty
 *                   text for a type variable), by {@link #fieldKey} and {@link #parameterKey}
 * @param freeMarkerSetups its fields holding, and methods returning, a FreeMarker {@code Configuration}
 *                   that its own file sets up with a restrictive {@code ?new} resolver and {@code ?api}
 *                   off: the resolver's name, by {@link #fieldKey} and {@link #methodKey}
 *                   ({@link FreeMarkerConfigurations}); a template made with it in another file is less dangerous.
 *                   And every Spring {@code @Bean} method returning one, by {@link #beanKey}: that
 *                   resolver, or empty text for any other setup; what the container injects into a
 *                   field or constructor parameter of another file
 * @param fieldTypes its fields that other files may read (not {@code private}) and its enum constants,
 *                   each with its declared type ({@linkplain TypeRef#encoded() encoded}): the type of
 *                   {@code Keys.SEED} or of an inherited field read in another file, which decides the
 *                   overload a call on it or with it runs
 * @param ownToString whether it declares a {@code toString}, or the compiler or an annotation processor
 *                   writes one from its fields (a record's; Lombok's {@code @Data}, {@code @Value},
 *                   {@code @ToString}): logging the object may write what its fields hold
 */
public record ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                           List<MethodSummary> methods, Map<String, Value> staticWrites, Map<String, String> constants,
                           List<String> functionParameters, Map<String, List<String>> functionTypes,
                           Map<String, String> freeMarkerSetups, Map<String, String> fieldTypes,
                           boolean ownToString) {
    public ClassSummary {
        supertypes = List.copyOf(supertypes);
        methods = List.copyOf(methods);
        // null: cached before these were kept
        // sorted, so the text of a summary (a cache's dependency key) is the same in every run
        staticWrites = sortedCopy(staticWrites);
        constants = sortedCopy(constants);
        functionParameters = functionParameters == null ? List.of() : List.copyOf(functionParameters);
        functionTypes = sortedCopy(functionTypes);
        freeMarkerSetups = sortedCopy(freeMarkerSetups);
        fieldTypes = sortedCopy(fieldTypes);
    }

    /**
     * {@code map} sorted and unmodifiable; the one shared empty map when it is null (a summary cached
     * before the map was kept) or empty. Most methods' maps are empty, and a workspace holds
     * hundreds of thousands of them.
     */
    static <K, V> Map<K, V> sortedCopy(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** A class that declares no field or parameter of a {@code java.util.function} type, and sets up no FreeMarker configuration. */
    public ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                        List<MethodSummary> methods, Map<String, Value> staticWrites, Map<String, String> constants,
                        List<String> functionParameters) {
        this(name, file, supertypes, isInterface, test, methods, staticWrites, constants, functionParameters, Map.of(),
                Map.of(), Map.of(), false);
    }

    /** The key of {@link #freeMarkerSetups} for the methods {@code name} with {@code arity} parameters. */
    static String methodKey(String name, int arity) {
        return name + "/" + arity;
    }

    /** The type of the beans {@link #freeMarkerSetups} keeps by {@link #beanKey}. */
    static final String FREEMARKER_CONFIGURATION = "freemarker.template.Configuration";
    private static final String BEAN = "bean ";

    /** The key of {@link #freeMarkerSetups} for the {@code @Bean} method {@code name}, whose name is the bean's. */
    static String beanKey(String name) {
        return BEAN + name;
    }

    /** The bean names ({@link #beanKey}) in {@link #freeMarkerSetups}, each with its setup's resolver or empty text. */
    Map<String, String> freeMarkerBeans() {
        Map<String, String> out = new TreeMap<>();
        freeMarkerSetups.forEach((k, v) -> {
            if (k.startsWith(BEAN)) out.put(k.substring(BEAN.length()), v);
        });
        return out;
    }

    /** The types of the beans its {@code @Bean} methods provide, as far as summaries keep them. */
    List<String> beanTypes() {
        return freeMarkerSetups.keySet().stream().anyMatch(k -> k.startsWith(BEAN)) ? List.of(FREEMARKER_CONFIGURATION) : List.of();
    }

    /** The key of {@link #functionTypes} and {@link #freeMarkerSetups} for field {@code name}. */
    static String fieldKey(String name) {
        return "field " + name;
    }

    /** The key of {@link #functionTypes} for parameter {@code index} of the methods {@code name} with {@code arity} parameters. */
    static String parameterKey(String name, int arity, int index) {
        return name + "/" + arity + "/" + index;
    }

    /** A class that is no functional interface. */
    public ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                        List<MethodSummary> methods, Map<String, Value> staticWrites, Map<String, String> constants) {
        this(name, file, supertypes, isInterface, test, methods, staticWrites, constants, List.of());
    }

    /** A class whose methods write no static field of the workspace with untrusted data, and that declares no constant. */
    public ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                        List<MethodSummary> methods) {
        this(name, file, supertypes, isInterface, test, methods, Map.of(), Map.of());
    }

    /**
     * The value of its constant {@code field} ({@code static final}, folded in its own file):
     * a {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code Character}.
     */
    public java.util.Optional<Object> constant(String field) {
        String encoded = constants.get(field);
        if (encoded == null || encoded.isEmpty()) {
            return java.util.Optional.empty();
        }
        String text = encoded.substring(1);
        try {
            return java.util.Optional.of(switch (encoded.charAt(0)) {
                case 'S' -> text;
                case 'L' -> Long.parseLong(text);
                case 'D' -> Double.parseDouble(text);
                case 'Z' -> Boolean.parseBoolean(text);
                case 'C' -> text.isEmpty() ? null : text.charAt(0);
                default -> null;
            });
        } catch (NumberFormatException | NullPointerException e) {
            return java.util.Optional.empty(); // a damaged cache entry folds nothing
        }
    }

    /** A constant as {@link #constants} keeps it (typed, so a cache read back gives the same type), or null. */
    static String encodeConstant(Object value) {
        if (value instanceof String s) return "S" + s;
        if (value instanceof Long l) return "L" + l;
        if (value instanceof Double d) return "D" + d;
        if (value instanceof Boolean b) return "Z" + b;
        if (value instanceof Character c) return "C" + c;
        return null;
    }

    public String simpleName() {
        return TypeRef.simpleName(name);
    }
}
