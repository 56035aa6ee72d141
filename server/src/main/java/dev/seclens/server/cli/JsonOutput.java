package dev.seclens.server.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seclens.rules.SourceRange;

/** What the JSON and SARIF reports share: the printer and the shape of a range. */
final class JsonOutput {
    // No HTML escaping: reports are read by tools and people, not embedded in pages.
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private JsonOutput() {
    }

    static String print(JsonElement element) {
        return GSON.toJson(element) + "\n";
    }

    /** 1-based lines and columns in UTF-16 units, end exclusive: SARIF's region as it is. */
    static JsonObject range(SourceRange range) {
        JsonObject o = new JsonObject();
        o.addProperty("startLine", range.startLine());
        o.addProperty("startColumn", range.startColumn());
        o.addProperty("endLine", range.endLine());
        o.addProperty("endColumn", range.endColumn());
        return o;
    }

    static JsonArray numbers(Iterable<Integer> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
