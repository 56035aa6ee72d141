package dev.seclens.rules;

/** Replace {@code range} of the document with {@code newText}; an empty range inserts. */
public record TextEdit(SourceRange range, String newText) {
}
