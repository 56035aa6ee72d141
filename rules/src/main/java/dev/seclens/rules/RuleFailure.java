package dev.seclens.rules;

/** A rule that threw on a file; its findings for that file are lost, the others' are not. */
public record RuleFailure(String ruleId, String path, String error) {
}
