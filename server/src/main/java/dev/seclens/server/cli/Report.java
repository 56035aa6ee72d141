package dev.seclens.server.cli;

/** A way to write a scan's result for a reader: a person, a script or a code-scanning service. */
interface Report {
    /** The whole report, ending with a newline unless it is empty. */
    String render(ScanResult result);
}
