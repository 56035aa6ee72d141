package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.seclens.rules.ast.Constants;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a FreeMarker {@code Configuration} handed to {@code new Template(name, text, configuration)}
 * is set up, as far as the file shows. A template is a program: by default its {@code ?new}
 * built-in instantiates any {@code TemplateModel} class through
 * {@code TemplateClassResolver.UNRESTRICTED_RESOLVER}, including
 * {@code freemarker.template.utility.Execute}, which runs operating system commands, so a template
 * from untrusted text is code injection. {@code SAFER_RESOLVER} refuses {@code Execute},
 * {@code ObjectConstructor} and {@code JythonRuntime}, and {@code ALLOWS_NOTHING_RESOLVER} every
 * class; {@code ?api} (off by default since 2.3.22, {@code setAPIBuiltinEnabled(true)} or the
 * {@code api_builtin_enabled} setting turns it on) reaches the Java API of the data model's
 * objects, around the resolver. With a restrictive resolver and {@code ?api} off, what an untrusted
 * template can still do is read and call what the data model exposes: still reported, at low
 * confidence, with that said.
 */
final class FreeMarkerConfigurations {
    private static final Set<String> RESTRICTIVE = Set.of("SAFER_RESOLVER", "ALLOWS_NOTHING_RESOLVER");
    private static final Set<String> RESTRICTIVE_SETTINGS = Set.of("safer", "allows_nothing");

    private FreeMarkerConfigurations() {
    }

    /**
     * For the template text of {@code new Template(name, text, configuration)}: why the template is
     * less dangerous when the configuration, a local or field whose setup this class shows, keeps
     * {@code ?new} away from the classes that run code and leaves {@code ?api} off; empty otherwise.
     */
    static String caveat(Expression templateText, TaintSpecs.Sink sink) {
        if (!sink.method().owners().contains("freemarker.template.Template")
                || !(templateText.getParentNode().orElse(null) instanceof ObjectCreationExpr creation)
                || creation.getArguments().size() < 3) {
            return "";
        }
        Optional<String> configuration = variable(creation.getArgument(2));
        Optional<Node> owner = configuration.flatMap(name -> setupScope(creation, name, creation.getArgument(2)));
        if (configuration.isEmpty() || owner.isEmpty()) {
            return "";
        }
        String resolver = null;
        boolean unrestricted = false;
        boolean api = false;
        for (MethodCallExpr call : owner.get().findAll(MethodCallExpr.class)) {
            if (call.getScope().flatMap(FreeMarkerConfigurations::variable).filter(configuration.get()::equals).isEmpty()) {
                continue;
            }
            switch (call.getNameAsString()) {
                case "setNewBuiltinClassResolver" -> {
                    String chosen = call.getArguments().size() == 1 ? lastName(call.getArgument(0)) : "";
                    if (RESTRICTIVE.contains(chosen)) {
                        resolver = chosen;
                    } else {
                        unrestricted = true; // UNRESTRICTED_RESOLVER, or a resolver this file does not show
                    }
                }
                case "setAPIBuiltinEnabled" -> api |= call.getArguments().size() != 1
                        || !Constants.value(call.getArgument(0)).map(Boolean.FALSE::equals).orElse(false);
                case "setSetting" -> {
                    if (call.getArguments().size() != 2) continue;
                    String key = Constants.string(call.getArgument(0)).orElse("").toLowerCase(Locale.ROOT);
                    String value = Constants.string(call.getArgument(1)).orElse("").strip().toLowerCase(Locale.ROOT);
                    if (key.equals("new_builtin_class_resolver") || key.equals("newbuiltinclassresolver")) {
                        if (RESTRICTIVE_SETTINGS.contains(value)) {
                            resolver = value.equals("safer") ? "SAFER_RESOLVER" : "ALLOWS_NOTHING_RESOLVER";
                        } else {
                            unrestricted = true;
                        }
                    } else if (key.equals("api_builtin_enabled") || key.equals("apibuiltinenabled")) {
                        api |= !value.equals("false");
                    }
                }
                default -> {
                }
            }
        }
        if (resolver == null || unrestricted || api) {
            return "";
        }
        return "its Configuration sets TemplateClassResolver." + resolver + " and leaves ?api off, so ?new cannot"
                + " reach Execute or ObjectConstructor; the template can still read and call what its data model exposes";
    }

    /**
     * Where the configuration's setup calls are: the enclosing method for a local or parameter
     * declared there (another method's local of the same name is another object), else the class.
     */
    private static Optional<Node> setupScope(Node use, String name, Expression argument) {
        Optional<CallableDeclaration> callable = use.findAncestor(CallableDeclaration.class);
        boolean local = argument instanceof NameExpr && callable.isPresent()
                && (callable.get().findAll(VariableDeclarator.class).stream().anyMatch(v -> v.getNameAsString().equals(name))
                || ((CallableDeclaration<?>) callable.get()).getParameters().stream().anyMatch(p -> p.getNameAsString().equals(name)));
        return local ? callable.map(c -> (Node) c) : use.findAncestor(TypeDeclaration.class).map(t -> (Node) t);
    }

    /** The name of a local, parameter or field ({@code cfg}, {@code this.cfg}) an expression denotes. */
    private static Optional<String> variable(Node e) {
        if (e instanceof NameExpr name) {
            return Optional.of(name.getNameAsString());
        }
        if (e instanceof FieldAccessExpr field && field.getScope() instanceof ThisExpr) {
            return Optional.of(field.getNameAsString());
        }
        return Optional.empty();
    }

    private static String lastName(Expression e) {
        if (e instanceof FieldAccessExpr field) return field.getNameAsString();
        if (e instanceof NameExpr name) return name.getNameAsString();
        return "";
    }
}
