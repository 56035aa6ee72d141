package javax.servlet.http;

/** Compile-only stub of the servlet Cookie for the fix pairs. */
public class Cookie {
    public Cookie(String name, String value) {
    }

    public void setSecure(boolean secure) {
    }

    public void setHttpOnly(boolean httpOnly) {
    }

    public void setMaxAge(int seconds) {
    }

    public void setPath(String path) {
    }
}
