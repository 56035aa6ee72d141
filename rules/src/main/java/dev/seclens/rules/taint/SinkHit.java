package dev.seclens.rules.taint;

import dev.seclens.rules.SourceRange;

/**
 * The dangerous call a flow ends in: its kind, how messages name it ({@code Statement.executeQuery}),
 * and where it is; {@code via} names the method it sits in when a caller reaches it through that
 * method ({@code UserRepository.find}), empty when the call is in the flow's own method.
 */
public record SinkHit(String kind, String name, String file, SourceRange range, String via) {
}
