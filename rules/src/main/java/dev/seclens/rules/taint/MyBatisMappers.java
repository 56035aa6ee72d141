package dev.seclens.rules.taint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Constants;
import dev.seclens.rules.ast.FileIndex;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MyBatis mapper interfaces as the taint engine sees them. A mapper method has no body: MyBatis
 * runs the SQL of its {@code @Select}/{@code @Insert}/{@code @Update}/{@code @Delete} annotation,
 * where {@code #{name}} binds a parameter but {@code ${name}} pastes it into the SQL text, or the
 * SQL a {@code @SelectProvider} (and the other providers) method returns. Each such method gets a
 * summary saying which of its parameters reach a SQL sink, so a caller passing request data to it
 * is reported at the call like any other helper. The same holds for a statement of a mapper XML
 * file ({@link MapperXml}) whose namespace is the interface and whose id is the method; the
 * finding's sink then points into the XML file.
 */
final class MyBatisMappers {
    private static final String PACKAGE = "org.apache.ibatis.annotations.";
    private static final List<String> STATEMENTS = List.of("Select", "Insert", "Update", "Delete");
    private static final List<String> PROVIDERS = List.of("SelectProvider", "InsertProvider", "UpdateProvider",
            "DeleteProvider");
    /** {@code ${name}}, {@code ${user.name}}, {@code ${list[0]}}: the root is the parameter. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\s*([A-Za-z_$][\\w$]*)");
    private static final Pattern POSITIONAL = Pattern.compile("(param|arg)(\\d+)");
    /** {@code ${_parameter.name}}: a key of the map MyBatis makes of several parameters. */
    private static final Pattern PARAMETER_MAP_KEY = Pattern.compile("\\$\\{\\s*_parameter\\s*\\.\\s*([A-Za-z_$][\\w$]*)");

    private MyBatisMappers() {
    }

    /** The summaries of the annotated mapper methods of the file's interfaces; {@code table} holds the providers. */
    static List<MethodSummary> summaries(FileTaint file, FileIndex index, String path, SummaryTable table) {
        List<MethodSummary> out = new ArrayList<>();
        for (MethodDeclaration method : index.methods()) {
            if (method.getBody().isPresent() || !(method.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration owner)
                    || !owner.isInterface()) {
                continue;
            }
            List<MethodSummary.Reach> reaches = new ArrayList<>();
            for (AnnotationExpr annotation : method.getAnnotations()) {
                String statement = statementKind(annotation, STATEMENTS);
                if (statement != null) {
                    substitutions(method, annotation, statement, path, reaches);
                }
                String provider = statementKind(annotation, PROVIDERS);
                if (provider != null) {
                    providedSql(file, method, annotation, provider, path, table, reaches);
                }
            }
            for (MapperXml.Statement statement : table.mapperStatements(file.qualifiedName(owner), method.getNameAsString())) {
                if (!statement.isFragment()) xmlSubstitutions(method, statement, table, reaches);
            }
            if (!reaches.isEmpty()) {
                int line = method.getName().getBegin().map(b -> b.line).orElse(1);
                out.add(new MethodSummary(file.qualifiedName(owner), method.getNameAsString(),
                        method.getParameters().stream().map(p -> file.typeRef(p, p.getType())).toList(),
                        method.getType().isVoidType() ? "" : file.typeRef(method, method.getType()), false, false,
                        path, line, Value.CLEAN, Value.CLEAN, reaches));
            }
        }
        return out;
    }

    /** The provider methods the file's mapper methods name, so the file is re-summarised when they change. */
    static Set<String> providerMethods(FileIndex index) {
        Set<String> names = new LinkedHashSet<>();
        for (MethodDeclaration method : index.methods()) {
            for (AnnotationExpr annotation : method.getAnnotations()) {
                if (statementKind(annotation, PROVIDERS) != null) {
                    names.add(member(annotation, "method").flatMap(Constants::string).orElse(method.getNameAsString()));
                }
            }
        }
        return names;
    }

    private static String statementKind(AnnotationExpr annotation, List<String> kinds) {
        for (String kind : kinds) {
            if (Types.denotes(annotation, annotation.getNameAsString(), PACKAGE + kind)) {
                return kind;
            }
        }
        return null;
    }

    /** Each {@code ${...}} of the annotation's SQL whose root names a parameter: that parameter reaches the SQL. */
    private static void substitutions(MethodDeclaration method, AnnotationExpr annotation, String statement, String path,
                                      List<MethodSummary.Reach> reaches) {
        for (Expression part : sqlParts(annotation)) {
            Optional<String> sql = Constants.string(part);
            if (sql.isEmpty()) {
                continue;
            }
            Set<Integer> parameters = new LinkedHashSet<>();
            Matcher m = SUBSTITUTION.matcher(sql.get());
            while (m.find()) {
                String root = parameterMapKey(method, m.group(1), sql.get().substring(m.start())).orElse(m.group(1));
                parameters.addAll(substituted(method, root));
            }
            for (int p : parameters) {
                reaches.add(new MethodSummary.Reach(Taint.of(Origin.parameter(p)), new SinkHit("sql",
                        "MyBatis @" + statement + " ${" + method.getParameter(p).getNameAsString() + "}", path,
                        SourceRange.of(part), "")));
            }
        }
    }

    /**
     * The statement of the mapper XML file joined to the method by namespace and id: each parameter
     * a {@code ${...}} names reaches the SQL there, reported at the first substitution naming it. A
     * substitution that reads a property of an argument ({@code ${example.orderByClause}}, or
     * {@code ${orderByClause}} of a lone bean parameter) pastes that property only, while the taint
     * followed is the whole object's: such a reach says so, and is reported at low confidence
     * unless a substitution of the argument itself also reaches the statement.
     */
    private static void xmlSubstitutions(MethodDeclaration method, MapperXml.Statement statement, SummaryTable table,
                                         List<MethodSummary.Reach> reaches) {
        java.util.Map<Integer, SinkHit> hits = new java.util.LinkedHashMap<>();
        for (Located located : substitutions(statement, table)) {
            MapperXml.Substitution substitution = located.substitution();
            for (String root : substitution.roots()) {
                // ${_parameter.name} of several parameters is the parameter so named, as if written ${name}
                Optional<String> key = parameterMapKey(method, root, substitution.expression());
                String named = key.orElse(root);
                String expression = key.isPresent()
                        ? PARAMETER_MAP_KEY.matcher(substitution.expression()).replaceFirst("\\${$1") : substitution.expression();
                for (int p : substituted(method, named)) {
                    if (hits.containsKey(p) && hits.get(p).caveat().isEmpty()) {
                        continue;
                    }
                    String name = "MyBatis <" + statement.kind() + " id=\"" + statement.id() + "\"> " + substitution.expression();
                    String argument = method.getParameter(p).getNameAsString();
                    boolean property = !namesDirectly(method, named, p)
                            || expression.matches("\\$\\{\\s*[\\w$]+\\s*[.\\[].*");
                    String caveat = property ? "a property of `" + argument + "`, which carries untrusted data"
                            + " somewhere; which property is not followed" : "";
                    if (!hits.containsKey(p) || !property) {
                        hits.put(p, new SinkHit("sql", name, located.file(), substitution.range(), "", "", caveat));
                    }
                }
            }
        }
        hits.forEach((p, hit) -> reaches.add(new MethodSummary.Reach(Taint.of(Origin.parameter(p)), hit)));
    }

    /** A {@code ${...}} and the mapper file it is written in (a fragment's, for one included from another file). */
    private record Located(String file, MapperXml.Substitution substitution) {
    }

    /**
     * A statement's substitutions, with those of the {@code <sql>} fragments of other mapper files it
     * includes ({@code <include refid="com.x.CommonSql.orderBy"/>}), found in the workspace by
     * namespace and id, and theirs in turn; a {@code ${name}} an enclosing include's
     * {@code <property>} defines names no parameter.
     */
    private static List<Located> substitutions(MapperXml.Statement statement, SummaryTable table) {
        List<Located> out = new ArrayList<>();
        collect(statement, Set.of(), table, out, new java.util.HashSet<>());
        return out;
    }

    private static void collect(MapperXml.Statement statement, Set<String> properties, SummaryTable table, List<Located> out,
                                Set<String> visiting) {
        for (MapperXml.Substitution s : statement.substitutions()) {
            if (!properties.contains(MapperXml.inner(s))) out.add(new Located(statement.file(), s));
        }
        for (MapperXml.Include include : statement.includes()) {
            String key = include.namespace() + "." + include.id();
            if (!visiting.add(key)) {
                continue;
            }
            Set<String> inScope = new java.util.HashSet<>(properties);
            inScope.addAll(include.properties());
            for (MapperXml.Statement fragment : table.mapperStatements(include.namespace(), include.id())) {
                if (fragment.isFragment()) collect(fragment, inScope, table, out, visiting);
            }
            visiting.remove(key);
        }
    }

    /**
     * The parameters a {@code ${root...}} pastes: the one {@link #parameter} names, or for
     * {@code _parameter}, what MyBatis binds to it: the lone parameter without {@code @Param}
     * itself, else the map of every parameter, whose text is all of theirs.
     */
    private static List<Integer> substituted(MethodDeclaration method, String root) {
        if (!root.equals("_parameter")) {
            return parameter(method, root).map(List::of).orElse(List.of());
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < method.getParameters().size(); i++) {
            if (carriesText(method.getParameter(i))) out.add(i);
        }
        return out;
    }

    /**
     * {@code name} of {@code ${_parameter.name}} where MyBatis binds {@code _parameter} to the map of
     * the parameters (several, or one named by {@code @Param}): the key, which names a parameter as
     * {@code ${name}} would. Empty for a lone bean parameter, whose property it is.
     */
    private static Optional<String> parameterMapKey(MethodDeclaration method, String root, String expression) {
        if (!root.equals("_parameter") || loneBean(method)) {
            return Optional.empty();
        }
        Matcher key = PARAMETER_MAP_KEY.matcher(expression);
        return key.lookingAt() ? Optional.of(key.group(1)) : Optional.empty();
    }

    /** A method of one parameter without {@code @Param}: MyBatis hands that object itself to the statement. */
    private static boolean loneBean(MethodDeclaration method) {
        return method.getParameters().size() == 1 && method.getParameter(0).getAnnotations().stream()
                .noneMatch(a -> Types.denotes(a, a.getNameAsString(), PACKAGE + "Param"));
    }

    /** Whether {@code root} is the parameter's own name ({@code @Param}, its name, {@code param1}/{@code arg0}), not one of its properties. */
    private static boolean namesDirectly(MethodDeclaration method, String root, int index) {
        Parameter parameter = method.getParameter(index);
        Optional<String> named = parameter.getAnnotations().stream()
                .filter(a -> Types.denotes(a, a.getNameAsString(), PACKAGE + "Param"))
                .findFirst().flatMap(a -> member(a, "value")).flatMap(Constants::string);
        return root.equals(named.orElse(parameter.getNameAsString())) || root.equals("param" + (index + 1))
                || root.equals("arg" + index) || root.equals("_parameter");
    }

    /** The string parts of {@code @Select("...")}, {@code @Select({"...", "..."})} or {@code @Select(value = ...)}. */
    private static List<Expression> sqlParts(AnnotationExpr annotation) {
        Expression value = member(annotation, "value").orElse(null);
        if (value == null) {
            return List.of();
        }
        return value instanceof ArrayInitializerExpr array ? array.getValues() : List.of(value);
    }

    private static Optional<Expression> member(AnnotationExpr annotation, String name) {
        if (annotation instanceof SingleMemberAnnotationExpr single) {
            return name.equals("value") ? Optional.of(single.getMemberValue()) : Optional.empty();
        }
        if (annotation instanceof NormalAnnotationExpr normal) {
            return normal.getPairs().stream().filter(p -> p.getNameAsString().equals(name))
                    .map(MemberValuePair::getValue).findFirst();
        }
        return Optional.empty();
    }

    /**
     * The parameter a {@code ${root}} names: by {@code @Param("root")}, by its own name (compiled
     * with {@code -parameters}), as {@code param1}/{@code arg0}, or, for a method of one parameter
     * without {@code @Param}, that parameter (the root is then one of its properties).
     */
    private static Optional<Integer> parameter(MethodDeclaration method, String root) {
        List<Parameter> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Optional<String> named = parameters.get(i).getAnnotations().stream()
                    .filter(a -> Types.denotes(a, a.getNameAsString(), PACKAGE + "Param"))
                    .findFirst().flatMap(a -> member(a, "value")).flatMap(Constants::string);
            if (named.map(root::equals).orElse(false)
                    || named.isEmpty() && parameters.get(i).getNameAsString().equals(root)) {
                return carriesText(parameters.get(i)) ? Optional.of(i) : Optional.empty();
            }
        }
        Matcher positional = POSITIONAL.matcher(root);
        if (positional.matches()) {
            int i = Integer.parseInt(positional.group(2)) - (positional.group(1).equals("param") ? 1 : 0);
            return i >= 0 && i < parameters.size() && carriesText(parameters.get(i)) ? Optional.of(i) : Optional.empty();
        }
        if (parameters.size() == 1 && parameters.get(0).getAnnotations().isEmpty() && carriesText(parameters.get(0))) {
            return Optional.of(0);
        }
        return Optional.empty();
    }

    private static boolean carriesText(Parameter p) {
        return !Types.isNumericOrBoolean(p.getType());
    }

    /**
     * {@code @SelectProvider(type = UserSql.class, method = "byName")}: the parameters whose taint the
     * provider method returns (its summary, from this file or another) reach the SQL MyBatis runs. A
     * provider of one parameter given several receives them all in a map.
     */
    private static void providedSql(FileTaint file, MethodDeclaration method, AnnotationExpr annotation, String provider,
                                    String path, SummaryTable table, List<MethodSummary.Reach> reaches) {
        Optional<String> type = member(annotation, "type").or(() -> member(annotation, "value"))
                .filter(e -> e instanceof ClassExpr)
                .map(e -> table.resolve(file.typeRef(e, ((ClassExpr) e).getType())));
        if (type.isEmpty()) {
            return;
        }
        // without a method attribute, MyBatis's ProviderMethodResolver looks for a method of the mapper method's name
        String name = member(annotation, "method").flatMap(Constants::string).orElse(method.getNameAsString());
        int arity = method.getParameters().size();
        Set<Integer> reaching = new LinkedHashSet<>();
        for (int providerArity : arity == 1 ? List.of(1) : List.of(arity, 1)) {
            for (MethodSummary m : table.methods(type.get(), name, providerArity, false, false).methods()) {
                for (Taint t : m.returns().all().taints()) {
                    int p = t.origin().parameter();
                    if (p < 0) continue;
                    if (providerArity == arity) {
                        reaching.add(p);
                    } else {
                        for (int i = 0; i < arity; i++) reaching.add(i); // the map of every parameter
                    }
                }
            }
        }
        Node at = member(annotation, "method").orElse(annotation);
        for (int p : reaching) {
            if (carriesText(method.getParameter(p))) {
                reaches.add(new MethodSummary.Reach(Taint.of(Origin.parameter(p)), new SinkHit("sql",
                        "MyBatis @" + provider + " " + dev.seclens.rules.model.TypeRef.simpleName(type.get()) + "." + name,
                        path, SourceRange.of(at), "")));
            }
        }
    }
}
