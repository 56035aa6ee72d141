package dev.seclens.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a scan has got, on standard error (never standard output, which carries the report): on
 * a terminal one line redrawn in place five times a second, otherwise a plain line every
 * {@code plainPeriodSeconds} so that CI logs show a long scan is alive without filling up.
 */
final class ScanProgress implements AutoCloseable {
    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    private volatile boolean drawn;

    private ScanProgress(PrintStream err, boolean terminal, int total, long plainPeriodSeconds) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seclens-progress");
            t.setDaemon(true);
            return t;
        });
        long periodMillis = terminal ? 200 : plainPeriodSeconds * 1000;
        ticker.scheduleAtFixedRate(this::show, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Progress for {@code total} files; a terminal when the JVM has a console. */
    static ScanProgress start(PrintStream err, int total, long plainPeriodSeconds) {
        return new ScanProgress(err, System.console() != null, total, plainPeriodSeconds);
    }

    static ScanProgress start(PrintStream err, boolean terminal, int total, long plainPeriodSeconds) {
        return new ScanProgress(err, terminal, total, plainPeriodSeconds);
    }

    void fileDone(boolean fromCache) {
        done.incrementAndGet();
        if (fromCache) {
            cached.incrementAndGet();
        }
    }

    private synchronized void show() {
        int d = done.get();
        if (d >= total && !drawn) {
            return;
        }
        int percent = total == 0 ? 100 : (int) (100L * d / total);
        String counts = String.format(Locale.ROOT, "%d/%d files (%d%%), %d from cache", d, total, percent, cached.get());
        if (terminal) {
            int filled = BAR_WIDTH * percent / 100;
            err.print("\r\033[2Kseclens: [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + counts);
            drawn = true;
        } else {
            err.println("seclens: scanning: " + counts);
        }
        err.flush();
    }

    /** Stops the display; on a terminal the progress line is erased, so the summary takes its place. */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (terminal && drawn) {
            err.print("\r\033[2K");
            err.flush();
        }
    }
}
