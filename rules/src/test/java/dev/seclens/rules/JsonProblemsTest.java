package dev.seclens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** A user's malformed JSON is described in their terms: no parser class names, settings advice or links. */
class JsonProblemsTest {
    private static String problemOf(String json) {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        return JsonProblems.describe(assertThrows(JsonParseException.class, () -> JsonParser.parseReader(reader)));
    }

    @Test
    void aTrailingCommaIsSaidWithTheCharacterAtFault() {
        // the second comma is the 9th character
        assertEquals("not strict JSON (no comments, trailing commas, single quotes or unquoted names) at line 1, column 9",
                problemOf("{\"a\": 1,,}"));
    }

    @Test
    void lenientSyntaxIsNamedWithoutTheParsersAdvice() {
        assertEquals("not strict JSON (no comments, trailing commas, single quotes or unquoted names) at line 1, column 1",
                problemOf("nonsense {"));
    }

    @Test
    void aTruncatedFileEndsTooEarly() {
        assertEquals("the JSON ends too early at line 1, column 7", problemOf("{\"a\": ["));
    }
}
