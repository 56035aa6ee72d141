package dev.seclens.rules.taint;

import dev.seclens.rules.SourceRange;

/**
 * The dangerous call a flow ends in: its kind, how messages name it ({@code Statement.executeQuery}),
 * and where it is; {@code via} names the method it sits in when a caller reaches it through that
 * method ({@code UserRepository.find}), empty when the call is in the flow's own method;
 * {@code writer} says where the object written to came from when that made it a sink
 * ({@code `response.getWriter()` (line 12)}), empty otherwise; {@code caveat} says why the sink is
 * less dangerous as it is set up here (a FreeMarker configuration that restricts {@code ?new}), which
 * lowers the finding's confidence, empty otherwise.
 */
public record SinkHit(String kind, String name, String file, SourceRange range, String via, String writer,
                      String caveat) {
    public SinkHit {
        writer = writer == null ? "" : writer; // summaries cached before writers were followed
        caveat = caveat == null ? "" : caveat;
    }

    public SinkHit(String kind, String name, String file, SourceRange range, String via) {
        this(kind, name, file, range, via, "", "");
    }

    SinkHit withWriter(String description) {
        return new SinkHit(kind, name, file, range, via, description, caveat);
    }

    SinkHit via(String method) {
        return new SinkHit(kind, name, file, range, method, writer, caveat);
    }
}
