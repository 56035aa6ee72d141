package javax.servlet.http;

/** Compile-only stub of the servlet response for the fix pairs. */
public interface HttpServletResponse {
    void addCookie(Cookie cookie);
}
