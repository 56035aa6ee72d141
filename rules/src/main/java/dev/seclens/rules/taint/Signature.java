package dev.seclens.rules.taint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method or constructor a specification names: {@code java.sql.Statement#executeQuery(java.lang.String)}.
 * The owner may list package alternatives in braces, {@code {javax|jakarta}.servlet.ServletRequest},
 * so one entry covers both namespaces; constructors are {@code #<init>(...)}; {@code (..)} matches
 * any parameter list and a last parameter ending in {@code ...} any number of trailing arguments.
 */
public record Signature(List<String> owners, String name, List<String> parameters, boolean anyParameters) {
    private static final Pattern FORMAT = Pattern.compile(
            "(?:\\{([\\w.]+(?:\\|[\\w.]+)+)}\\.)?([\\w.$]+)#(<init>|[\\w$]+)\\(([^()]*)\\)");
    private static final Pattern TYPE = Pattern.compile("[\\w.$]+(\\[])*(\\.\\.\\.)?");

    public Signature {
        owners = List.copyOf(owners);
        parameters = List.copyOf(parameters);
    }

    /** The signature {@code text} writes, or empty when it does not follow the format above. */
    public static Optional<Signature> parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> owners = new ArrayList<>();
        if (m.group(1) == null) {
            owners.add(m.group(2));
        } else {
            for (String prefix : m.group(1).split("\\|")) {
                owners.add(prefix + "." + m.group(2));
            }
        }
        String params = m.group(4).strip();
        if (params.equals("..")) {
            return Optional.of(new Signature(owners, m.group(3), List.of(), true));
        }
        List<String> parameters = new ArrayList<>();
        if (!params.isEmpty()) {
            for (String p : params.split(",")) {
                String type = p.strip();
                if (!TYPE.matcher(type).matches()) {
                    return Optional.empty();
                }
                parameters.add(type);
            }
        }
        for (int i = 0; i < parameters.size() - 1; i++) {
            if (parameters.get(i).endsWith("...")) {
                return Optional.empty();
            }
        }
        return Optional.of(new Signature(owners, m.group(3), parameters, false));
    }

    public boolean isConstructor() {
        return name.equals("<init>");
    }

    /** The owner's simple name, the same for every alternative. */
    public String ownerSimpleName() {
        String owner = owners.get(0);
        return owner.substring(owner.lastIndexOf('.') + 1);
    }

    /** Whether a call with {@code count} arguments can be this method. */
    public boolean acceptsArity(int count) {
        if (anyParameters) {
            return true;
        }
        if (!parameters.isEmpty() && parameters.get(parameters.size() - 1).endsWith("...")) {
            return count >= parameters.size() - 1;
        }
        return count == parameters.size();
    }

    /** The declared simple type of parameter {@code index}, or empty when the signature does not say. */
    public Optional<String> parameterSimpleType(int index) {
        if (anyParameters || parameters.isEmpty()) {
            return Optional.empty();
        }
        String type = parameters.get(Math.min(index, parameters.size() - 1)).replace("...", "[]");
        return Optional.of(type.substring(type.lastIndexOf('.') + 1));
    }

    /** How messages name the method: {@code Statement.executeQuery}, {@code new File}. */
    public String displayName() {
        return isConstructor() ? "new " + ownerSimpleName() : ownerSimpleName() + "." + name;
    }
}
