package dev.seclens.server.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.Fix;
import dev.seclens.rules.FixApplication;
import dev.seclens.rules.TextEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * A quick fix's edit, computed either with the action or later in {@code codeAction/resolve}.
 * Structural fixes (the SQL rewrite) are deferred when the client can resolve {@code edit}: the
 * action then carries {@code data} (uri, rule id, finding range, document version and revision)
 * and the edit is computed when the user picks it. A document that changed since gets the action
 * back without an edit: the finding's range in {@code data} no longer means anything, and the
 * client asks for fresh code actions on the new text anyway.
 */
final class FixResolution {
    private static final Gson GSON = new Gson();

    private final DocumentStore store;
    /** The analyzer configured for a document (its folder's specifications, the workspace's summaries). */
    private final Function<TextDocument, Analyzer> analyzers;
    private final Executor executor;
    private volatile boolean clientResolvesEdits;

    FixResolution(DocumentStore store, Function<TextDocument, Analyzer> analyzers, Executor executor) {
        this.store = store;
        this.analyzers = analyzers;
        this.executor = executor;
    }

    /** From the client's {@code textDocument.codeAction.resolveSupport.properties} containing "edit". */
    void clientResolvesEdits(boolean resolves) {
        this.clientResolvesEdits = resolves;
    }

    /** Sets the action's edit now, or, for a structural fix and a client that resolves edits, its data. */
    void complete(CodeAction action, TextDocument document, Finding finding, Analysis analysis) {
        Fix fix = finding.fix().orElseThrow();
        if (!(clientResolvesEdits && fix.structural())) {
            action.setEdit(edit(document.uri(), fix, analysis));
            return;
        }
        JsonObject data = new JsonObject();
        data.addProperty("uri", document.uri());
        data.addProperty("rule", finding.ruleId());
        data.add("range", GSON.toJsonTree(DiagnosticsMapper.range(finding.range())));
        data.addProperty("version", document.version());
        data.addProperty("revision", document.revision());
        action.setData(data);
    }

    CompletableFuture<CodeAction> resolve(CodeAction action) {
        JsonElement json = action.getData() instanceof JsonElement e ? e : GSON.toJsonTree(action.getData());
        if (action.getEdit() != null || json == null || !json.isJsonObject()) {
            return CompletableFuture.completedFuture(action);
        }
        JsonObject data = json.getAsJsonObject();
        String uri = data.has("uri") ? data.get("uri").getAsString() : "";
        Optional<TextDocument> document = store.get(uri).filter(d -> d.analysed() && d.inSync()
                && Objects.equals(data.has("revision") ? data.get("revision").getAsLong() : null, d.revision())
                && Objects.equals(data.has("version") && !data.get("version").isJsonNull()
                        ? data.get("version").getAsInt() : null, d.version()));
        if (document.isEmpty()) {
            return CompletableFuture.completedFuture(action);
        }
        TextDocument doc = document.get();
        String rule = data.has("rule") ? data.get("rule").getAsString() : "";
        Range range = GSON.fromJson(data.get("range"), Range.class);
        CompletableFuture<Analysis> analysis = doc.hasSyntaxTree()
                ? CompletableFuture.completedFuture(doc.analysis())
                : CompletableFuture.supplyAsync(() -> analyzers.apply(doc).analyze(doc.file()), executor);
        return analysis.thenApply(a -> {
            a.findings().stream()
                    .filter(f -> f.fix().isPresent() && f.ruleId().equals(rule)
                            && DiagnosticsMapper.range(f.range()).equals(range))
                    .findFirst()
                    .ifPresent(f -> action.setEdit(edit(uri, f.fix().get(), a)));
            return action;
        });
    }

    private static WorkspaceEdit edit(String uri, Fix fix, Analysis analysis) {
        List<org.eclipse.lsp4j.TextEdit> edits = new ArrayList<>();
        for (TextEdit edit : FixApplication.edits(fix, analysis)) {
            edits.add(new org.eclipse.lsp4j.TextEdit(DiagnosticsMapper.range(edit.range()), edit.newText()));
        }
        return new WorkspaceEdit(Map.of(uri, edits));
    }
}
