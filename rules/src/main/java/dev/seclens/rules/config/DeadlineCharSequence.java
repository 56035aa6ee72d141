package dev.seclens.rules.config;

/**
 * The text a pattern from a user's configuration is matched against, with a deadline: the regex
 * engine reads it through {@link #charAt}, so catastrophic backtracking ends in a
 * {@link TooSlow} instead of a hung scan or editor.
 */
final class DeadlineCharSequence implements CharSequence {

    /** The match ran past its deadline. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("pattern matching took too long", null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadline;
    private int reads;

    private DeadlineCharSequence(CharSequence text, long deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    static DeadlineCharSequence of(CharSequence text, long budgetNanos) {
        return new DeadlineCharSequence(text, System.nanoTime() + budgetNanos);
    }

    @Override
    public char charAt(int index) {
        // nanoTime is cheap, but not free: look at the clock every thousand reads
        if (++reads % 1024 == 0 && System.nanoTime() > deadline) {
            throw new TooSlow();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
