package dev.seclens.server.cli;

import java.nio.file.Path;

/** A file to analyse, and the path the reports show for it. */
record ScanTarget(String path, Path file) {
}
