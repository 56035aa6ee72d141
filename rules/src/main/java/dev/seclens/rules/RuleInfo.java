package dev.seclens.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The metadata of an AST rule, written on the rule class so that it cannot drift from the code.
 * The rule's documentation is the resource {@code docs/<name>.md} next to this package, where
 * {@code name} is the id without its {@code java/} prefix.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /** {@code java/kebab-case}. */
    String id();

    String title();

    int[] cwe();

    Owasp owasp();

    /** Where a reviewer's report lists the rule's findings. */
    Concern concern();

    Severity severity();

    Confidence confidence();

    /** One sentence: what the rule reports. */
    String summary();

    /** Whether findings are wanted in test code (weak randomness and fixtures are normal there). */
    boolean inTestCode() default false;
}
