package dev.seclens.rules;

/**
 * One security check. Implementations are small, stateless and thread-safe: the engine calls
 * {@link #check} concurrently for different files.
 */
public interface Rule {

    /** By default the {@link RuleInfo} written on the implementing class. */
    default RuleMetadata metadata() {
        return RuleMetadata.of(getClass());
    }

    /** Inspect {@code context.unit()} and report what is wrong through {@code context}. */
    void check(RuleContext context);
}
