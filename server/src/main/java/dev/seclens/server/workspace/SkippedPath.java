package dev.seclens.server.workspace;

/** A path the walk set aside without reading it, and why, as a report shows it. */
public record SkippedPath(String path, String reason) {
}
