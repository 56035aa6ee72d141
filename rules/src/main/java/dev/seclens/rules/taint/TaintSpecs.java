package dev.seclens.rules.taint;

import dev.seclens.rules.Confidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where untrusted data comes from, where it must not go, what neutralises it and what carries it
 * along: the taint engine's knowledge of APIs, loaded from JSON (see {@link SpecLoader}), never code.
 *
 * @param supertypes for a library type, the library types it extends, so an entry on
 *                   {@code ServletRequest} covers calls on an {@code HttpServletRequest}
 * @param returns    the type some library methods return, so a call on their result, such as
 *                   {@code connection.createStatement().execute(sql)}, is matched by type
 */
public record TaintSpecs(List<Source> sources, List<Sink> sinks, List<Sanitizer> sanitizers,
                         List<Propagator> propagators, List<Neutral> neutrals, Map<String, List<String>> supertypes,
                         List<Returns> returns, List<HandlerReturn> handlerReturns) {

    public TaintSpecs {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        handlerReturns = List.copyOf(handlerReturns);
        sanitizers = List.copyOf(sanitizers);
        propagators = List.copyOf(propagators);
        neutrals = List.copyOf(neutrals);
        supertypes = Map.copyOf(supertypes);
        returns = List.copyOf(returns);
    }

    /** The threat model of data from a network peer: requests, sockets, message listeners. */
    public static final String REMOTE = "remote";

    /**
     * The threat models a source can belong to, in CodeQL's vocabulary: {@code remote}, {@code local}
     * (environment, system properties, command-line arguments, standard input, local and configuration
     * files: whoever controls them already controls the machine) and {@code database} (values read back
     * from a database), and {@code api}, for libraries: whatever callers pass to the public methods of
     * public classes. Only sources of the enabled models are sources; by default that is {@code remote}.
     */
    public static final List<String> THREAT_MODELS = List.of(REMOTE, "local", "database", "api");
    /** Log levels from the least to the most severe, as sinks' {@code level} names them. */
    public static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error");
    /**
     * The lowest level whose logging calls are log-injection sinks unless a configuration says
     * otherwise: production logging configurations (Spring Boot's, java.util.logging's, and the
     * usual Logback and Log4j files) write INFO and above, so a DEBUG or TRACE line carrying a
     * forged entry is written only where someone turned debugging on.
     */
    public static final String DEFAULT_MINIMUM_LOG_LEVEL = "info";

    /** The kind every taint kind matches in a sanitizer: numeric parsing clears them all. */
    public static final String ALL_KINDS = "*";

    /** The kinds both sets make safe, {@link #ALL_KINDS} standing for every kind. */
    static Set<String> bothKinds(Set<String> a, Set<String> b) {
        if (a.contains(ALL_KINDS)) return b;
        if (b.contains(ALL_KINDS)) return a;
        Set<String> both = new java.util.HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    /**
     * A place untrusted data enters. Exactly one way is set: the value a {@code method} returns,
     * a parameter carrying {@code parameterAnnotation}, every parameter of a method carrying
     * {@code handlerAnnotation} but those whose type is in {@code except}, {@code main}'s arguments, the
     * parameter of a public setter of a class extending {@code setterOf} (a Struts 2 action, whose
     * properties the framework fills from the request), the {@code parameters} (positions) of every
     * method of the scanned code that implements or overrides {@code implementationOf} (a framework
     * contract: a wiki macro's {@code execute}, a validator's {@code isValid}), the parameters of the
     * public setters and constructors of a class carrying {@code boundByAnnotation} (Spring Boot's
     * {@code @ConfigurationProperties}), or, with {@code publicApi}, the parameters of the public
     * methods and constructors of public classes outside test code (what a library's callers pass).
     * The data is already safe for the kinds in {@code safeFor}: a request header cannot hold a
     * line break, so it cannot split a response header or forge a log line. {@code threatModel} is
     * one of {@link #THREAT_MODELS} (who controls the data: {@code remote}, a network peer, the
     * default; {@code local}, the machine's environment, configuration and files; {@code database};
     * {@code api}, a library's callers); the source counts only when its model is enabled.
     * {@code lookupKey}, when not null, is the argument a lookup finds its record by
     * ({@code em.find(User.class, id)}): the result is null where no stored record has that key, so
     * where the code goes on using the result, the key is one the store holds.
     */
    public record Source(Signature method, String parameterAnnotation, String handlerAnnotation,
                         boolean mainArguments, String setterOf, Signature implementationOf, List<Integer> parameters,
                         String boundByAnnotation, boolean publicApi, List<String> except, String label,
                         Confidence confidence, Set<String> safeFor, String threatModel, String where,
                         Integer lookupKey) {
        public Source {
            parameters = List.copyOf(parameters);
            except = List.copyOf(except);
            safeFor = Set.copyOf(safeFor);
        }

        /** This source, its data also safe for {@code kinds}. */
        Source safeAlsoFor(Set<String> kinds) {
            Set<String> more = new HashSet<>(safeFor);
            more.addAll(kinds);
            return new Source(method, parameterAnnotation, handlerAnnotation, mainArguments, setterOf, implementationOf,
                    parameters, boundByAnnotation, publicApi, except, label, confidence, more, threatModel, where, lookupKey);
        }
    }

    /**
     * A call that must not receive data of {@code kind} in the arguments {@code args} (a last index
     * on a varargs parameter covers every trailing argument). With {@code receiverFrom}, only calls
     * on an object that call returned count: a {@code PrintWriter} from {@code getWriter()}, or, with
     * {@code destinationArg}, calls whose argument at that position is such an object: commons-io's
     * {@code IOUtils.write(data, response.getWriter())} (otherwise {@code destinationArg} is
     * {@link SpecLoader#RECEIVER}); with
     * {@code whenArgEquals}, only calls whose listed arguments are one of the constants given
     * (ignoring case): {@code setHeader("Location", url)}; with {@code whenArgStartsWith}, only calls
     * whose listed argument starts with one of the constants: {@code new ModelAndView("redirect:" + url)};
     * with {@code whenArgType}, only calls whose listed argument is visibly of one of the types
     * given: a {@code ResponseEntity} body Spring reads as a file because it is a {@code Resource};
     * with {@code unlessArgType}, not calls whose
     * listed argument is visibly of one of the types given, which make the call safe: SpEL's
     * {@code expression.getValue(simpleEvaluationContext)}. {@code label}, when set, is how messages
     * name the sink instead of its method, to say what the call does with the data (an EL message
     * template); null otherwise. {@code level}, for a logging call, is the log level it writes at
     * (one of {@link #LOG_LEVELS}), so that an engine whose {@linkplain TaintEngine#withMinimumLogLevel
     * minimum log level} is above it leaves the call out; null for a call whose level is not in its
     * name ({@code logger.log(level, message)}) and for every other sink. Such a call names its level
     * in the argument at {@code levelArg} (-1 for none): where that argument is one of the
     * {@code levelConstants} ({@code Level.FINE}, mapped to {@code debug}), the call writes at that
     * level; any other argument (a variable) may be any level.
     */
    public record Sink(Signature method, List<Integer> args, String kind, Signature receiverFrom, int destinationArg,
                       Map<Integer, List<String>> whenArgEquals, Map<Integer, List<String>> whenArgStartsWith,
                       Map<Integer, List<String>> whenArgType, Map<Integer, List<String>> unlessArgType, String label,
                       String level, int levelArg, Map<String, String> levelConstants, String where) {
        public Sink {
            levelConstants = Map.copyOf(levelConstants);
            whenArgEquals = Map.copyOf(whenArgEquals);
            whenArgStartsWith = Map.copyOf(whenArgStartsWith);
            whenArgType = Map.copyOf(whenArgType);
            unlessArgType = Map.copyOf(unlessArgType);
        }
    }

    /**
     * The value a request handler (a method carrying {@code annotation}) or an implementation of a
     * framework contract (a method of the scanned code implementing or overriding
     * {@code implementationOf}, such as a wiki macro's {@code execute}, whose result the framework
     * renders as HTML) returns, as a sink of {@code kind}; exactly one of the two is set. Only when it
     * starts with the constant {@code startsWith} (Spring's {@code "redirect:"} view names), when the
     * annotation's {@code produces} attribute is one of
     * {@code produces} (a constant value starting with one, or written as one), and when the method
     * or its class carries one of {@code bodyAnnotations} (the value is the response body). Also, with
     * {@code notStartsWith}, not when it starts with one of those constants ({@code "forward:"}); with
     * {@code returnTypes}, only when the method is declared to return one of those types; with
     * {@code htmlBody}, only when it is visibly HTML (markup in its constant parts, an HTML content
     * type set on the response built around it); with {@code unlessBodyAnnotations}, not when the
     * method or its class carries one of those (then the value is a body, not a view name).
     * {@code label} is how messages name it.
     */
    public record HandlerReturn(String annotation, Signature implementationOf, String kind, String label,
                                String startsWith, List<String> notStartsWith, List<String> returnTypes, List<String> produces, boolean htmlBody,
                                List<String> bodyAnnotations, List<String> unlessBodyAnnotations, String where) {
        public HandlerReturn {
            notStartsWith = List.copyOf(notStartsWith);
            returnTypes = List.copyOf(returnTypes);
            produces = List.copyOf(produces);
            bodyAnnotations = List.copyOf(bodyAnnotations);
            unlessBodyAnnotations = List.copyOf(unlessBodyAnnotations);
        }
    }

    /**
     * A call whose result is safe for {@code kinds} (or all of them, {@link #ALL_KINDS}); or, with
     * {@code validates}, a check that when it returns true proves those arguments ({@code -1}: the
     * receiver) safe for {@code kinds}.
     */
    public record Sanitizer(Signature method, Set<String> kinds, List<Integer> validates, String where) {
        public boolean clearsAll() {
            return kinds.contains(ALL_KINDS);
        }
    }

    /** A call that carries taint from {@code from} to {@code to}: each is receiver, return, argN or args. */
    public record Propagator(Signature method, List<String> from, List<String> to, String where) {
    }

    /**
     * A static library method whose result carries none of its arguments' data (a hash, a number, a
     * check), so the default for static calls of libraries outside the tree (a result computed from
     * tainted arguments carries their taint, at lower confidence) does not apply to it.
     */
    public record Neutral(Signature method, String where) {
    }

    /** {@code method} returns an object of the library type {@code type}. */
    public record Returns(Signature method, String type, String where) {
    }

    public static TaintSpecs merge(List<TaintSpecs> specs) {
        List<Source> sources = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        List<Sanitizer> sanitizers = new ArrayList<>();
        List<Propagator> propagators = new ArrayList<>();
        List<Neutral> neutrals = new ArrayList<>();
        Map<String, List<String>> supertypes = new HashMap<>();
        List<Returns> returns = new ArrayList<>();
        List<HandlerReturn> handlerReturns = new ArrayList<>();
        for (TaintSpecs s : specs) {
            returns.addAll(s.returns);
            handlerReturns.addAll(s.handlerReturns);
            sources.addAll(s.sources);
            sinks.addAll(s.sinks);
            sanitizers.addAll(s.sanitizers);
            propagators.addAll(s.propagators);
            neutrals.addAll(s.neutrals);
            s.supertypes.forEach((type, supers) -> supertypes.merge(type, supers, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(x -> !all.contains(x)).forEach(all::add);
                return all;
            }));
        }
        return new TaintSpecs(sources, sinks, sanitizers, propagators, neutrals, supertypes, returns, handlerReturns);
    }
}
