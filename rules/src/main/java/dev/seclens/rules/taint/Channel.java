package dev.seclens.rules.taint;

import dev.seclens.rules.SourceRange;

/**
 * Where an object writes to, when a sink cares: this value is, or wraps, the object a producer
 * call returned ({@code response.getWriter()}, {@code response.getOutputStream()}), so a write to
 * it, however far it travelled (a variable, an {@code OutputStreamWriter} around it, a helper's
 * parameter, a renderer's field), is a write to that destination. A sink's {@code receiverFrom}
 * names the producer it needs. A parameter or the receiver of the method being summarised needs no
 * channel of its own: its symbolic taint stands for whatever callers pass, writers included.
 *
 * @param producer the producer the specifications name ({@link TaintSpecs.Sink#receiverFrom()})
 * @param code     the producer call as written, for messages
 * @param contentType the content type the method that called the producer set as a constant on the same
 *                 object ({@code response.setContentType("application/json")}), empty when it set none
 */
public record Channel(Signature producer, String code, String file, SourceRange range, String contentType) {
    public Channel {
        contentType = contentType == null ? "" : contentType; // summaries cached before content types were kept
    }

    /** How messages name it, seen from {@code inFile}: {@code `response.getWriter()` (line 12)}. */
    String describe(String inFile) {
        return code + " (" + (file.equals(inFile) ? "line " : FileTaint.fileName(file) + ":") + range.startLine() + ")";
    }
}
