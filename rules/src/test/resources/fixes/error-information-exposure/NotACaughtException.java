import javax.servlet.http.HttpServletRequest;

class NotACaughtException {
    private final Throwable lastFailure = new IllegalStateException("never started");

    void dump(HttpServletRequest request) {
        lastFailure.printStackTrace();
    }
}
