package dev.seclens.rules;

/** Why (part of) a document could not be parsed, at the parser's position when it has one. */
public record SyntaxProblem(String message, SourceRange range) {
}
