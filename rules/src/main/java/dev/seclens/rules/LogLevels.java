package dev.seclens.rules;

import dev.seclens.rules.taint.TaintSpecs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lowest log level the project's logs are taken to hold (the configuration's
 * {@code java/log-injection} {@code minimumLevel}, INFO by default), and the level each logging call
 * writes at as the logging specifications say it: a service of the analysis
 * ({@link RuleContext#service}) for rules that judge what a logging call exposes, so that they agree
 * with the taint engine's logging sinks.
 *
 * @param methodLevels   logging methods that name their level ({@code debug}, {@code fine})
 * @param levelArguments logging methods that take it as an argument ({@code log(Level.FINE, ...)}),
 *                       by the position of that argument
 * @param constantLevels the level constants such an argument is written as ({@code FINE})
 */
public record LogLevels(String minimum, Map<String, String> methodLevels, Map<String, Integer> levelArguments,
                        Map<String, String> constantLevels) {
    /** Every level written, none known: for a rule run without the analysis' services. */
    public static final LogLevels ALL = new LogLevels(TaintSpecs.LOG_LEVELS.get(0), Map.of(), Map.of(), Map.of());

    public LogLevels {
        if (!TaintSpecs.LOG_LEVELS.contains(minimum)) {
            throw new IllegalArgumentException("unknown log level " + minimum);
        }
        methodLevels = Map.copyOf(methodLevels);
        levelArguments = Map.copyOf(levelArguments);
        constantLevels = Map.copyOf(constantLevels);
    }

    /** The levels of the logging sinks of {@code specs} ({@code kind} log), with {@code minimum}. */
    public static LogLevels of(TaintSpecs specs, String minimum) {
        Map<String, String> byMethod = new HashMap<>();
        Map<String, Integer> byArgument = new HashMap<>();
        Map<String, String> byConstant = new HashMap<>();
        Set<String> unsure = new HashSet<>();
        for (TaintSpecs.Sink s : specs.sinks()) {
            String name = s.method().name();
            if (s.level() != null && !s.level().equals(byMethod.getOrDefault(name, s.level()))) {
                unsure.add(name); // two libraries' methods of that name at different levels
            } else if (s.level() != null) {
                byMethod.put(name, s.level());
            }
            if (s.levelArg() >= 0) {
                byArgument.put(name, s.levelArg());
                byConstant.putAll(s.levelConstants());
            }
        }
        unsure.forEach(byMethod::remove);
        return new LogLevels(minimum, byMethod, byArgument, byConstant);
    }

    /** Whether lines logged at {@code level} (one of {@link TaintSpecs#LOG_LEVELS}) are written. */
    public boolean written(String level) {
        return TaintSpecs.LOG_LEVELS.indexOf(level) >= TaintSpecs.LOG_LEVELS.indexOf(minimum);
    }

    /** The level a call of the logging method {@code name} writes at, when its name says it. */
    public Optional<String> ofMethod(String name) {
        return Optional.ofNullable(methodLevels.get(name));
    }

    /** Where a call of {@code name} takes its level, when it does. */
    public Optional<Integer> levelArgument(String name) {
        return Optional.ofNullable(levelArguments.get(name));
    }

    /** The level a level constant ({@code FINE}, {@code DEBUG}) names. */
    public Optional<String> ofConstant(String constant) {
        return Optional.ofNullable(constantLevels.get(constant));
    }
}
