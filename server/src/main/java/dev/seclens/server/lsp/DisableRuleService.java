package dev.seclens.server.lsp;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.seclens.server.ConfigurationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code seclens.disableRule [uri, rule]}: turns the rule off in the {@code .seclens.json} of the
 * document's workspace folder ({@code "rules": {"RULE": false}}), through {@code workspace/applyEdit}.
 * Offered only where the client can apply that edit: the server does not write configuration
 * files. Once applied, the configuration is re-read at once.
 */
final class DisableRuleService {
    static final String COMMAND = "seclens.disableRule";

    private final Collection<Path> workspaceFolders;
    private final ProjectFileEdits edits;
    private final Runnable applied;
    private final ServerLog log;

    /** @param applied what to do once the client applied the edit (re-read the configuration) */
    DisableRuleService(Collection<Path> workspaceFolders, ProjectFileEdits edits, Runnable applied, ServerLog log) {
        this.workspaceFolders = workspaceFolders;
        this.edits = edits;
        this.applied = applied;
        this.log = log;
    }

    /** The configuration file the action for a document edits, when the client can edit it. */
    Optional<Path> configurationFile(String uri) {
        Path document = ConfigurationService.pathOf(uri);
        if (document == null) {
            return Optional.empty();
        }
        return workspaceFolders.stream().filter(document::startsWith).max(Comparator.comparingInt(Path::getNameCount))
                .map(folder -> folder.resolve(ConfigurationFile.NAME)).filter(edits::canWrite);
    }

    CompletableFuture<Object> execute(List<Object> arguments) {
        if (arguments == null || arguments.size() != 2) {
            log.alert(COMMAND + " needs [uri, rule]");
            return CompletableFuture.completedFuture(null);
        }
        String rule = string(arguments.get(1));
        Optional<Path> file = configurationFile(string(arguments.get(0)));
        if (file.isEmpty()) {
            log.alert("cannot turn " + rule + " off from here: add \"rules\": {\"" + rule + "\": false} to "
                    + ConfigurationFile.NAME + " in the project folder");
            return CompletableFuture.completedFuture(null);
        }
        String before;
        String after;
        try {
            before = Files.exists(file.get()) ? Files.readString(file.get(), StandardCharsets.UTF_8) : "";
            after = withRuleOff(before, rule);
        } catch (IOException | RuntimeException e) {
            log.alert("could not turn " + rule + " off in " + file.get() + ": " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return edits.apply(file.get(), before, after, "SecLens: turn " + rule + " off").thenApply(done -> {
            if (done) {
                applied.run();
            } else {
                log.alert("the editor did not apply the change to " + file.get());
            }
            return null;
        });
    }

    /** The configuration text with {@code rules.RULE} set to false, everything else kept (reformatted). */
    static String withRuleOff(String text, String rule) {
        JsonObject configuration = text.isBlank() ? new JsonObject() : parseObject(text);
        JsonElement rules = configuration.get("rules");
        if (rules == null || !rules.isJsonObject()) {
            rules = new JsonObject();
            configuration.add("rules", rules);
        }
        rules.getAsJsonObject().addProperty(rule, false);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(configuration) + "\n";
    }

    private static JsonObject parseObject(String text) {
        JsonElement parsed = JsonParser.parseString(text);
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException(ConfigurationFile.NAME + " is not a JSON object; fix it first");
        }
        return parsed.getAsJsonObject();
    }

    private static String string(Object argument) {
        return argument instanceof JsonPrimitive p ? p.getAsString() : String.valueOf(argument);
    }
}
