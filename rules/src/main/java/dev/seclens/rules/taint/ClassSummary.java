package dev.seclens.rules.taint;

import dev.seclens.rules.model.TypeRef;
import java.util.List;

/**
 * A class of the scanned code as calls from other files see it.
 *
 * @param name       its fully qualified name ({@code p.Outer.Inner}, {@code p.Outer$Local})
 * @param supertypes the classes and interfaces it extends, as {@linkplain TypeRef#encoded() encoded
 *                   references} resolved against the workspace when asked
 * @param test       whether it is test code, which production code never calls into
 */
public record ClassSummary(String name, String file, List<String> supertypes, boolean isInterface, boolean test,
                           List<MethodSummary> methods) {
    public ClassSummary {
        supertypes = List.copyOf(supertypes);
        methods = List.copyOf(methods);
    }

    public String simpleName() {
        return TypeRef.simpleName(name);
    }
}
