package dev.seclens.rules.checks;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.seclens.rules.Concern;
import dev.seclens.rules.Confidence;
import dev.seclens.rules.Owasp;
import dev.seclens.rules.RelatedLocation;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleContext;
import dev.seclens.rules.RuleInfo;
import dev.seclens.rules.Severity;
import dev.seclens.rules.SourceRange;
import dev.seclens.rules.ast.Code;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.ast.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An archive entry's name joined to a directory ({@code new File(dir, entry.getName())},
 * {@code dir.resolve(name)}, {@code Paths.get(dir, name)}) and the result written, in one method,
 * with no normalised or canonical {@code startsWith} check of that path in an {@code if} before the
 * write. The name is followed through locals; the path through locals and normalising calls.
 */
@RuleInfo(
        id = "java/zip-slip",
        title = "Archive entry name used as an output path (Zip Slip)",
        cwe = {22},
        owasp = Owasp.A01,
        concern = Concern.INJECTION,
        severity = Severity.HIGH,
        confidence = Confidence.HIGH,
        summary = "A zip, jar or tar entry's name builds a file path that is written without checking that"
                + " the normalised path stays inside the destination directory.")
public final class ZipSlipRule implements Rule {
    private static final List<String> ENTRY_TYPES = List.of("java.util.zip.ZipEntry", "java.util.jar.JarEntry",
            "org.apache.commons.compress.archivers.ArchiveEntry",
            "org.apache.commons.compress.archivers.zip.ZipArchiveEntry",
            "org.apache.commons.compress.archivers.tar.TarArchiveEntry",
            "org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry");
    private static final Set<String> NEXT_ENTRY = Set.of("getNextEntry", "getNextJarEntry", "getNextZipEntry",
            "getNextTarEntry", "nextElement", "getEntry", "getJarEntry");
    private static final Set<String> PATH_FACTORIES = Set.of("get", "of");
    /** Calls that keep a path a path: the check must be on a normalised form, these alone do not make one. */
    private static final Set<String> PATH_STEPS = Set.of("toPath", "toFile", "toAbsolutePath", "getAbsoluteFile",
            "normalize", "getCanonicalFile", "toRealPath", "getCanonicalPath", "getAbsolutePath", "toString");
    private static final Set<String> NORMALISING = Set.of("normalize", "getCanonicalFile", "toRealPath",
            "getCanonicalPath");
    private static final Set<String> WRITING_CREATIONS = Set.of("FileOutputStream", "FileWriter", "RandomAccessFile",
            "PrintWriter", "PrintStream");
    private static final Set<String> WRITING_FILES_METHODS = Set.of("copy", "newOutputStream", "write", "writeString",
            "newBufferedWriter", "createFile", "createDirectories", "createDirectory", "move", "newByteChannel");
    private static final Set<String> WRITING_FILE_METHODS = Set.of("createNewFile", "mkdirs", "mkdir");
    private static final int MAX_HOPS = 4;

    @Override
    public void check(RuleContext context) {
        Set<Node> reported = new HashSet<>();
        for (MethodCallExpr getName : context.index().calls()) {
            if (!getName.getNameAsString().equals("getName") || !getName.getArguments().isEmpty()
                    || getName.getScope().filter(ZipSlipRule::isArchiveEntry).isEmpty()) {
                continue;
            }
            Optional<CallableDeclaration> method = getName.findAncestor(CallableDeclaration.class);
            if (method.isEmpty()) {
                continue;
            }
            for (Expression path : pathsBuiltFrom(getName, 0)) {
                if (!reported.add(path)) {
                    continue;
                }
                List<Node> aliases = aliases(path);
                Optional<Node> write = firstWrite(method.get(), aliases);
                if (write.isEmpty() || isContained(method.get(), aliases, write.get(), path)) {
                    continue;
                }
                context.report(path, Code.quote(path) + " joins the archive entry name " + Code.quote(getName)
                                + " to a directory and is written by " + Code.quote(write.get()) + " (line "
                                + write.get().getBegin().map(p -> p.line).orElse(0) + ") without checking that the"
                                + " normalised path stays inside that directory; a name such as ../../x escapes"
                                + " it. Resolve, normalize (or getCanonicalPath), and reject the entry unless"
                                + " the result startsWith the destination.",
                        Confidence.HIGH, List.of(new RelatedLocation(SourceRange.of(write.get()),
                                "the path is written here")), null);
            }
        }
    }

    private static boolean isArchiveEntry(Expression entry) {
        Optional<Declaration> declaration = Declarations.of(entry);
        if (declaration.isEmpty()) {
            return false;
        }
        if (!declaration.get().type().isVarType()) {
            return ENTRY_TYPES.stream().anyMatch(t -> Types.denotes(declaration.get().type(), t));
        }
        return declaration.get().initializer().filter(i -> i instanceof MethodCallExpr m
                && NEXT_ENTRY.contains(m.getNameAsString())).isPresent();
    }

    /** Every path expression the entry name (or a local holding it) is joined into. */
    private static List<Expression> pathsBuiltFrom(Expression name, int hops) {
        List<Expression> paths = new ArrayList<>();
        Node node = name;
        while (node.getParentNode().orElse(null) instanceof Expression parent
                && (parent instanceof EnclosedExpr || parent instanceof BinaryExpr b
                && b.getOperator() == BinaryExpr.Operator.PLUS)) {
            node = parent;
        }
        Node parent = node.getParentNode().orElse(null);
        if (parent instanceof ObjectCreationExpr creation && creation.getArguments().contains(node)
                && (Types.denotes(creation.getType(), "java.io.File"))) {
            paths.add(creation);
        } else if (parent instanceof MethodCallExpr call && call.getArguments().contains(node)
                && (call.getNameAsString().equals("resolve") || call.getNameAsString().equals("resolveSibling")
                || PATH_FACTORIES.contains(call.getNameAsString()) && call.getScope()
                .filter(s -> Types.isTypeName(s, "java.nio.file.Paths") || Types.isTypeName(s, "java.nio.file.Path"))
                .isPresent())) {
            paths.add(call);
        } else if (hops < MAX_HOPS && parent instanceof VariableDeclarator v && v.getInitializer().orElse(null) == node) {
            Declarations.find(v.getName(), v.getNameAsString())
                    .ifPresent(d -> Declarations.uses(d).forEach(use -> paths.addAll(pathsBuiltFrom(use, hops + 1))));
        }
        return paths;
    }

    /** The path and every local it is stored in, directly or through toPath, normalize and the like. */
    private static List<Node> aliases(Expression path) {
        List<Node> aliases = new ArrayList<>();
        aliases.add(path);
        collectAliases(path, aliases, 0);
        return aliases;
    }

    private static void collectAliases(Expression value, List<Node> aliases, int hops) {
        Node node = value;
        while (node.getParentNode().orElse(null) instanceof MethodCallExpr step
                && step.getScope().orElse(null) == node && PATH_STEPS.contains(step.getNameAsString())) {
            node = step;
            aliases.add(step);
        }
        Node parent = node.getParentNode().orElse(null);
        Optional<Declaration> target = Optional.empty();
        if (parent instanceof VariableDeclarator v) {
            target = Declarations.find(v.getName(), v.getNameAsString());
        } else if (parent instanceof AssignExpr a && a.getValue() == node) {
            target = Declarations.of(a.getTarget());
        }
        if (target.isPresent() && hops < MAX_HOPS) {
            for (NameExpr use : Declarations.uses(target.get())) {
                if (!(use.getParentNode().orElse(null) instanceof AssignExpr a && a.getTarget() == use)) {
                    aliases.add(use);
                    collectAliases(use, aliases, hops + 1);
                }
            }
        }
    }

    /** The first call or creation in the method that writes to one of the aliases. */
    private static Optional<Node> firstWrite(CallableDeclaration<?> method, List<Node> aliases) {
        for (Node alias : aliases) {
            Node parent = alias.getParentNode().orElse(null);
            if (parent instanceof ObjectCreationExpr creation && creation.getArguments().contains(alias)
                    && WRITING_CREATIONS.contains(creation.getType().getNameAsString())) {
                return Optional.of(creation);
            }
            if (parent instanceof MethodCallExpr call && call.getArguments().contains(alias)
                    && WRITING_FILES_METHODS.contains(call.getNameAsString())
                    && call.getScope().filter(s -> Types.isTypeName(s, "java.nio.file.Files")).isPresent()
                    && (!Set.of("copy", "move").contains(call.getNameAsString())
                    || call.getArguments().size() > 1 && call.getArgument(1) == alias)) {
                return Optional.of(call);
            }
            if (parent instanceof MethodCallExpr call && call.getScope().orElse(null) == alias
                    && WRITING_FILE_METHODS.contains(call.getNameAsString())) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an {@code if} whose condition calls {@code startsWith} on a normalised alias of the path
     * comes before the write or encloses it.
     */
    private static boolean isContained(CallableDeclaration<?> method, List<Node> aliases, Node write, Expression path) {
        for (IfStmt ifStmt : method.findAll(IfStmt.class)) {
            boolean before = ifStmt.getBegin().isPresent() && write.getBegin().isPresent()
                    && ifStmt.getBegin().get().isBefore(write.getBegin().get());
            if (!before) {
                continue;
            }
            for (MethodCallExpr call : ifStmt.getCondition().findAll(MethodCallExpr.class)) {
                if (call.getNameAsString().equals("startsWith") && call.getScope().filter(s -> isNormalisedAlias(s, aliases))
                        .isPresent()) {
                    return true;
                }
                if (call.getNameAsString().equals("contains") && call.getArguments().size() == 1
                        && Code.of(call.getArgument(0)).equals("\"..\"") && path instanceof ObjectCreationExpr) {
                    return true; // new File(dir, name) keeps absolute names inside dir: ".." is all that escapes
                }
            }
        }
        return false;
    }

    /** An alias that went through normalize/getCanonicalPath, or a local holding one. */
    private static boolean isNormalisedAlias(Expression e, List<Node> aliases) {
        Expression x = e;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            if (x instanceof MethodCallExpr m && NORMALISING.contains(m.getNameAsString())) {
                return m.getScope().filter(s -> isAliasOrPathStep(s, aliases)).isPresent();
            }
            if (x instanceof MethodCallExpr m && PATH_STEPS.contains(m.getNameAsString()) && m.getScope().isPresent()) {
                x = m.getScope().get();
                continue;
            }
            Optional<Expression> init = Declarations.of(x).filter(d -> d.kind() == Declaration.Kind.LOCAL)
                    .flatMap(Declaration::initializer);
            if (init.isEmpty()) {
                return false;
            }
            if (aliases.stream().anyMatch(a -> a == init.get()) && isNormalised(init.get())) {
                return true;
            }
            x = init.get();
        }
        return false;
    }

    private static boolean isNormalised(Expression e) {
        return e.findFirst(MethodCallExpr.class, m -> NORMALISING.contains(m.getNameAsString())).isPresent();
    }

    private static boolean isAliasOrPathStep(Expression e, List<Node> aliases) {
        Expression x = e;
        while (true) {
            Expression current = x;
            if (aliases.stream().anyMatch(a -> a == current)) {
                return true;
            }
            if (x instanceof MethodCallExpr m && PATH_STEPS.contains(m.getNameAsString()) && m.getScope().isPresent()) {
                x = m.getScope().get();
            } else {
                return false;
            }
        }
    }
}
