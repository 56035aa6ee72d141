package dev.seclens.server.workspace;

import java.nio.file.Path;

/** A file to analyse, and the path the reports show for it. */
public record ScanTarget(String path, Path file) {
}
