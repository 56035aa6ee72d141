package dev.seclens.rules.checks;

import dev.seclens.rules.ast.Identifiers;
import java.util.List;
import java.util.Set;

/**
 * Whether a method's name says it checks who the caller is or what they may do: a verb such as
 * check, verify, require or is, and an object such as role, permission, admin, token or password
 * ({@code isUserInRole}, {@code checkPermission}, {@code assertAdmin}, {@code verifyToken}), or
 * {@code authenticate}/{@code authorize} alone. Shared by the rules that look for access checks.
 */
final class AccessChecks {
    private static final Set<String> VERBS = Set.of("check", "assert", "require", "ensure", "verify", "validate",
            "enforce", "authorize", "authenticate", "has", "is", "can", "login");
    private static final Set<String> OBJECTS = Set.of("auth", "authenticate", "authenticated", "authentication",
            "authorize", "authorized", "authorization", "login", "permission", "permissions", "role", "roles",
            "access", "credentials", "password", "token", "signature", "allowed", "admin", "privilege",
            "privileges", "acl", "authority", "authorities", "owner", "scope");
    private static final Set<String> ALONE = Set.of("authenticate", "authorize");

    private AccessChecks() {
    }

    static boolean isCheckName(String methodName) {
        List<String> words = Identifiers.words(methodName);
        if (words.size() == 1) {
            return ALONE.contains(words.get(0));
        }
        return !words.isEmpty() && VERBS.contains(words.get(0)) && words.stream().skip(1).anyMatch(OBJECTS::contains);
    }

    /** Whether a type or method name has a word about authentication or authorization. */
    static boolean isAboutAccess(String name) {
        return Identifiers.words(name).stream().anyMatch(w -> OBJECTS.contains(w) || w.equals("security"));
    }
}
