package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.List;
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
     * What the other files of the workspace set up ({@link ClassSummary#freeMarkerSetups}): the
     * restrictive resolver, with {@code ?api} off, of the configuration a project method returns
     * or a field of another class holds. Empty when not known, or not restrictive.
     */
    interface Workspace {
        Workspace NONE = new Workspace() {
            @Override
            public Optional<String> returnedBy(MethodCallExpr call) {
                return Optional.empty();
            }

            @Override
            public Optional<String> field(FieldAccessExpr access) {
                return Optional.empty();
            }

            @Override
            public Optional<String> injected(String name) {
                return Optional.empty();
            }
        };

        /** The resolver every project method {@code call} may run returns a configuration set up with. */
        Optional<String> returnedBy(MethodCallExpr call);

        /** The resolver the field {@code access} names ({@code TemplateSupport.CONFIGURATION}, {@code settings.templates}) is set up with. */
        Optional<String> field(FieldAccessExpr access);

        /**
         * The resolver of the configuration the container injects into a field or constructor
         * parameter named {@code name}: the one a {@code @Bean} method of another file sets up,
         * when the workspace has one such method, or several and one of them has that name.
         */
        Optional<String> injected(String name);
    }

    /**
     * For {@link ClassSummary#freeMarkerSetups}: the fields of {@code type} holding, and its methods
     * returning, a {@code Configuration} that this file sets up with a restrictive resolver and
     * {@code ?api} off, each with that resolver's name: the setup a template made in another file
     * with {@code settings.templates} or {@code TemplateSupport.configuration()} has. And each of
     * its {@code @Bean} methods returning a {@code Configuration}, with that resolver or empty text:
     * the setup of what the container injects into another file's {@code @Autowired} field.
     */
    static java.util.Map<String, String> setups(TypeDeclaration<?> type, Workspace workspace) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (com.github.javaparser.ast.body.FieldDeclaration f : type.getFields()) {
            for (VariableDeclarator v : f.getVariables()) {
                if (!isConfiguration(v.getType())) continue;
                Settings settings = new Settings(workspace);
                settings.collect(type, v.getNameAsString());
                Declarations.field(type, v.getNameAsString()).ifPresent(d -> settings.collectOrigins(d, 0));
                settings.restrictive().ifPresent(r -> out.put(ClassSummary.fieldKey(v.getNameAsString()), r));
            }
        }
        for (MethodDeclaration m : type.getMethods()) {
            if (!isConfiguration(m.getType()) || m.getBody().isEmpty()) continue;
            Settings settings = new Settings(workspace);
            settings.collectReturned(m, 0);
            settings.restrictive().ifPresent(r -> out.put(ClassSummary.methodKey(m.getNameAsString(), m.getParameters().size()), r));
            if (isBean(m)) out.put(ClassSummary.beanKey(m.getNameAsString()), settings.restrictive().orElse(""));
        }
        return out;
    }

    private static boolean isBean(MethodDeclaration m) {
        return m.getAnnotations().stream().anyMatch(a -> Types.denotes(a, a.getNameAsString(),
                "org.springframework.context.annotation.Bean"));
    }

    private static boolean isConfiguration(com.github.javaparser.ast.type.Type type) {
        return Types.denotes(type, "freemarker.template.Configuration");
    }

    /**
     * For the template text of {@code new Template(name, text, configuration)}: why the template is
     * less dangerous when the configuration, a local or field whose setup this file shows, keeps
     * {@code ?new} away from the classes that run code and leaves {@code ?api} off; empty otherwise.
     * The setup counts wherever this file makes it: calls on the variable in its method (a local) or
     * class (a field), and in the factory methods of this file whose result it holds
     * ({@code cfg = createConfiguration()}), or, for a field injected by the container, in this
     * file's one {@code @Bean} method returning a {@code Configuration}, or else the one of another
     * file that the container injects by that field's (or constructor parameter's) name; and, through
     * {@code workspace}, in another file: a factory method there ({@code TemplateSupport.configuration()}),
     * or a field of a class there ({@code settings.templates}), passed directly or held by the variable.
     */
    static String caveat(Expression templateText, TaintSpecs.Sink sink, Workspace workspace) {
        if (!sink.method().owners().contains("freemarker.template.Template")
                || !(templateText.getParentNode().orElse(null) instanceof ObjectCreationExpr creation)
                || creation.getArguments().size() < 3) {
            return "";
        }
        Expression argument = creation.getArgument(2);
        Optional<String> configuration = variable(argument);
        if (configuration.isEmpty()) {
            // a factory's result or another object's field, passed as it is
            Settings settings = new Settings(workspace);
            settings.collectValue(argument, 0);
            return settings.restrictive().map(FreeMarkerConfigurations::saying).orElse("");
        }
        Optional<Node> owner = setupScope(creation, configuration.get(), argument);
        if (owner.isEmpty()) {
            return "";
        }
        Settings settings = new Settings(workspace);
        settings.collect(owner.get(), configuration.get());
        Declarations.of(argument).ifPresent(d -> settings.collectOrigins(d, 0));
        return settings.restrictive().map(FreeMarkerConfigurations::saying).orElse("");
    }

    private static String saying(String resolver) {
        return "its Configuration sets TemplateClassResolver." + resolver + " and leaves ?api off, so ?new cannot"
                + " reach Execute or ObjectConstructor; the template can still read and call what its data model exposes";
    }

    /** What the setup calls seen so far chose: a restrictive resolver, any other, {@code ?api} on. */
    private static final class Settings {
        /** Factories calling factories: a few levels are what real setups have. */
        private static final int MAX_DEPTH = 3;
        private final Workspace workspace;
        String resolver;
        boolean unrestricted;
        boolean api;

        Settings(Workspace workspace) {
            this.workspace = workspace;
        }

        /** The restrictive resolver chosen, when nothing chose another or turned {@code ?api} on. */
        Optional<String> restrictive() {
            return resolver == null || unrestricted || api ? Optional.empty() : Optional.of(resolver);
        }

        /** A setup another file made: the restrictive resolver its summary names. */
        private void setElsewhere(String restrictive) {
            if (resolver == null) resolver = restrictive;
        }

        /** The setup calls on {@code variable} within {@code scope}. */
        void collect(Node scope, String variable) {
            for (MethodCallExpr call : scope.findAll(MethodCallExpr.class)) {
                if (call.getScope().flatMap(FreeMarkerConfigurations::variable).filter(variable::equals).isPresent()) {
                    setting(call);
                }
            }
        }

        private void setting(MethodCallExpr call) {
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
                    if (call.getArguments().size() != 2) return;
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

        /**
         * The setup of what the variable was given: its initializer and assignments that call a
         * factory method of this file, or a constructor parameter (or nothing, for an injected
         * field) that this file's {@code @Bean} method provides.
         */
        void collectOrigins(Declaration variable, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            List<Expression> values = new ArrayList<>();
            variable.initializer().ifPresent(values::add);
            Declarations.assignments(variable).forEach(a -> values.add(a.getValue()));
            // the names the container injects the variable by: an injected field's, a constructor parameter's
            List<String> injectedAs = new ArrayList<>();
            if (values.isEmpty() && variable.kind() == Declaration.Kind.FIELD) {
                injectedAs.add(beanName(variable.node().getParentNode().orElse(variable.node()), variable.name()));
            }
            for (Expression value : values) {
                if (value instanceof MethodCallExpr || value instanceof FieldAccessExpr) {
                    collectValue(value, depth + 1);
                } else if (value instanceof NameExpr n) {
                    Declarations.of(n).filter(d -> d.kind() == Declaration.Kind.PARAMETER && d.scope() instanceof ConstructorDeclaration)
                            .ifPresent(d -> injectedAs.add(beanName(d.node(), d.name())));
                }
            }
            if (injectedAs.isEmpty()) {
                return;
            }
            Optional<MethodDeclaration> here = beanFactory(variable.node());
            if (here.isPresent()) {
                collectReturned(here.get(), depth + 1);
                return;
            }
            // a bean of another file: only when every name it is injected by gets the same setup
            Set<Optional<String>> chosen = new java.util.HashSet<>();
            injectedAs.forEach(name -> chosen.add(workspace.injected(name)));
            if (chosen.size() == 1) chosen.iterator().next().ifPresent(this::setElsewhere);
        }

        /**
         * The setup of a configuration given by a call or a field access: a factory method of this
         * file, or, through the workspace, a project method or a field of another file's class.
         */
        void collectValue(Expression value, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            if (value instanceof MethodCallExpr call) {
                Optional<MethodDeclaration> here = factory(call);
                if (here.isPresent()) {
                    collectReturned(here.get(), depth + 1);
                } else {
                    workspace.returnedBy(call).ifPresent(this::setElsewhere);
                }
            } else if (value instanceof FieldAccessExpr access && !(access.getScope() instanceof ThisExpr)) {
                workspace.field(access).ifPresent(this::setElsewhere);
            }
        }

        /**
         * The setup of what a factory method returns: a local it sets up, a field of its class (a
         * getter: set up wherever the class sets it up), or another factory's result.
         */
        private void collectReturned(MethodDeclaration factory, int depth) {
            for (ReturnStmt r : factory.findAll(ReturnStmt.class)) {
                Expression returned = r.getExpression().orElse(null);
                if (returned instanceof NameExpr n) {
                    Optional<Declaration> d = Declarations.of(n);
                    boolean field = d.filter(x -> x.kind() == Declaration.Kind.FIELD).isPresent();
                    collect(field ? d.get().scope() : factory, n.getNameAsString());
                    d.ifPresent(x -> collectOrigins(x, depth));
                } else if (returned instanceof MethodCallExpr || returned instanceof FieldAccessExpr) {
                    collectValue(returned, depth);
                }
            }
        }
    }

    /** The method of this file a call runs, when the file declares exactly one of that name and arity with a body. */
    private static Optional<MethodDeclaration> factory(MethodCallExpr call) {
        if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)
                && !(call.getScope().get() instanceof NameExpr n && declaresType(call, n.getNameAsString()))) {
            return Optional.empty();
        }
        List<MethodDeclaration> declared = FileIndex.of(call).map(i -> i.methods().stream()
                .filter(m -> m.getNameAsString().equals(call.getNameAsString()) && m.getParameters().size() == call.getArguments().size()
                        && m.getBody().isPresent()).toList()).orElse(List.of());
        return declared.size() == 1 ? Optional.of(declared.get(0)) : Optional.empty();
    }

    private static boolean declaresType(Node site, String name) {
        return FileIndex.of(site).flatMap(i -> i.type(name)).isPresent();
    }

    /**
     * The name of the bean Spring injects into a field or parameter declared by {@code declaration}
     * (a field declaration, a parameter) when several beans have its type: the one its
     * {@code @Qualifier("...")} names, else the one named as the field or parameter itself.
     */
    private static String beanName(Node declaration, String name) {
        if (declaration instanceof com.github.javaparser.ast.nodeTypes.NodeWithAnnotations<?> annotated) {
            for (com.github.javaparser.ast.expr.AnnotationExpr a : annotated.getAnnotations()) {
                if (!Types.denotes(a, a.getNameAsString(), "org.springframework.beans.factory.annotation.Qualifier")) continue;
                Optional<Expression> value = a instanceof com.github.javaparser.ast.expr.SingleMemberAnnotationExpr single
                        ? Optional.of(single.getMemberValue())
                        : a instanceof com.github.javaparser.ast.expr.NormalAnnotationExpr normal ? normal.getPairs().stream()
                                .filter(p -> p.getNameAsString().equals("value")).map(p -> p.getValue()).findFirst()
                        : Optional.empty();
                Optional<String> qualifier = value.flatMap(Constants::string);
                if (qualifier.isPresent()) return qualifier.get();
            }
        }
        return name;
    }

    /** The one {@code @Bean} method of this file returning a FreeMarker {@code Configuration}: what the container injects. */
    private static Optional<MethodDeclaration> beanFactory(Node site) {
        List<MethodDeclaration> beans = FileIndex.of(site).map(i -> i.methods().stream()
                .filter(m -> m.getType().asString().equals("Configuration") && m.getBody().isPresent() && isBean(m))
                .toList()).orElse(List.of());
        return beans.size() == 1 ? Optional.of(beans.get(0)) : Optional.empty();
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
