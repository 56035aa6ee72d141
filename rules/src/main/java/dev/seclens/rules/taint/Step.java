package dev.seclens.rules.taint;

import dev.seclens.rules.SourceRange;

/** One place a tainted value passed through on its way to a sink, as a reader follows it. */
public record Step(String file, SourceRange range, String message) {
}
