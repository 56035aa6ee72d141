package dev.seclens.server.lsp;

import com.google.gson.JsonPrimitive;
import dev.seclens.rules.RuleMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * {@code seclens.showRuleDoc [ruleId]}: the rule's full documentation as Markdown, from the jar, so
 * it opens without a network. Each client shows the text its own way (a VS Code preview, a Neovim
 * split, an Emacs buffer); the answer is {@code {"rule", "title", "markdown"}}.
 */
final class RuleDocCommand {
    static final String COMMAND = "seclens.showRuleDoc";

    private final Map<String, RuleMetadata> rules;

    RuleDocCommand(List<RuleMetadata> rules) {
        this.rules = rules.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                RuleMetadata::id, rule -> rule, (a, b) -> a));
    }

    CompletableFuture<Object> execute(List<Object> arguments) {
        String id = arguments.size() == 1 ? string(arguments.get(0)) : null;
        RuleMetadata rule = id == null ? null : rules.get(id);
        if (rule == null) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.InvalidParams, COMMAND + " needs one known rule id, e.g. [\"java/weak-hash\"]; got "
                    + arguments, null)));
        }
        String doc = rule.documentation();
        String markdown = doc != null ? doc : "# " + rule.title() + " (`" + rule.id() + "`)\n\n" + rule.summary() + "\n";
        return CompletableFuture.completedFuture(Map.of("rule", rule.id(), "title", rule.title(), "markdown", markdown));
    }

    private static String string(Object argument) {
        return argument instanceof JsonPrimitive p ? p.getAsString() : String.valueOf(argument);
    }
}
