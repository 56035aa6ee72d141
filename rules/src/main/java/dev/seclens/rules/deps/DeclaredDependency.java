package dev.seclens.rules.deps;

import dev.seclens.rules.SourceRange;
import java.util.Optional;

/**
 * A library a build file asks for, with its version as far as the build file and the workspace
 * determine it.
 *
 * @param packageName  {@code group:artifact}
 * @param version      the resolved version, or empty when it cannot be determined
 * @param origin       where the version comes from, for messages ({@code "2.14.1"},
 *                     {@code "${log4j.version} = 2.14.1 (line 12)"}); when the version is empty,
 *                     why it cannot be determined
 * @param at           where to report: the version text, or the dependency when it has none
 * @param versionText  the document text that defines the version, when it is a plain literal in
 *                     this document (what an upgrade replaces)
 * @param elsewhere    when the version is defined outside this document: where ({@code "../pom.xml"})
 * @param testOnly     declared for tests only (Maven scope test, Gradle test configurations)
 */
public record DeclaredDependency(String packageName, Optional<String> version, String origin, SourceRange at,
                                 Optional<SourceRange> versionText, Optional<String> elsewhere, boolean testOnly) {
}
