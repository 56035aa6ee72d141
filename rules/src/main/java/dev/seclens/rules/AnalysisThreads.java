package dev.seclens.rules;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads with a stack large enough for the parser and the rules to walk very deep trees (thousands
 * of chained {@code +} operands); the default 512 KiB to 1 MiB overflows on such input.
 */
public final class AnalysisThreads {
    /** Reserved address space, not memory: pages are committed only as the stack grows. */
    public static final long STACK_BYTES = 512L * 1024 * 1024;

    private AnalysisThreads() {
    }

    public static ThreadFactory factory(String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(null, task, namePrefix + "-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
