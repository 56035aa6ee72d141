class NotACaughtException {
    private final Throwable lastFailure = new IllegalStateException("never started");

    void dump() {
        lastFailure.printStackTrace();
    }
}
