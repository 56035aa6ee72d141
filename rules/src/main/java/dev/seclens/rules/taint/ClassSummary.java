package dev.seclens.rules.taint;

import java.util.List;

/** A class of the scanned code as calls from other files see it: its supertypes and method summaries. */
public record ClassSummary(String name, String file, List<String> supertypes, boolean isInterface,
                           List<MethodSummary> methods) {
    public ClassSummary {
        supertypes = List.copyOf(supertypes);
        methods = List.copyOf(methods);
    }
}
