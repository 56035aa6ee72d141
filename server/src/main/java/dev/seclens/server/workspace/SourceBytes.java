package dev.seclens.server.workspace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides how a file's bytes become text. Java sources are UTF-8; a file with NUL bytes is not
 * source at all, while legacy encodings (Latin-1 comments) are decoded leniently so that the code
 * around them is still analysed.
 */
public final class SourceBytes {
    /** The text and whether undecodable bytes had to be replaced by U+FFFD. */
    public record Decoded(String text, boolean lossy) {
    }

    private SourceBytes() {
    }

    public static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    public static Decoded decode(byte[] bytes) {
        String text;
        boolean lossy = false;
        try {
            text = strict().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.UTF_8);
            lossy = true;
        }
        // A byte order mark is not part of the code; keeping it would shift line 1's columns.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Decoded(text, lossy);
    }

    /** Lines as editors count them: a final line without a newline still counts. */
    public static int lineCount(String text) {
        int lines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
