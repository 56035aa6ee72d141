package dev.seclens.rules.taint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.seclens.rules.ast.Declaration;
import dev.seclens.rules.ast.Declarations;
import dev.seclens.rules.model.ProjectModel;
import dev.seclens.rules.model.TypeScope;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ProjectModel} of one file, answered from the workspace's summaries: a call's
 * receiver type is the enclosing class (for {@code getX()} and {@code this.getX()}) or a declared
 * variable's or field's type, and the methods it may run are those the taint analysis would call.
 */
public final class SummaryProjectModel implements ProjectModel {
    private final SummaryTable table;
    private final TypeScope scope;

    public SummaryProjectModel(SummaryTable table, CompilationUnit unit) {
        this.table = table;
        this.scope = TypeScope.of(unit).orElseThrow();
    }

    @Override
    public Set<String> returnTypes(MethodCallExpr call) {
        Optional<String> owner = receiverType(call);
        if (owner.isEmpty()) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (MethodSummary m : table.methods(owner.get(), call.getNameAsString(), call.getArguments().size(), false,
                false).methods()) {
            if (m.returnType().isEmpty()) continue;
            types.add(m.returnType().contains(".") || m.returnType().contains("|") ? table.resolve(m.returnType())
                    : m.returnType());
        }
        return types;
    }

    @Override
    public Optional<String> inheritedFieldType(NameExpr name) {
        for (com.github.javaparser.ast.Node n = name; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.body.TypeDeclaration<?> t) {
                Optional<String> found = table.fieldType(scope.qualifiedName(t), name.getNameAsString());
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    private Optional<String> receiverType(MethodCallExpr call) {
        Expression receiver = call.getScope().orElse(null);
        if (receiver == null || receiver instanceof ThisExpr) {
            return scope.enclosingType(call);
        }
        if (!(receiver instanceof NameExpr || receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr)) {
            return Optional.empty();
        }
        Optional<Declaration> d = Declarations.of(receiver);
        if (d.isEmpty() || d.get().type() == null || d.get().type().isVarType()) {
            return Optional.empty();
        }
        return Optional.of(table.resolve(scope.encode(d.get().node(), d.get().type())));
    }
}
