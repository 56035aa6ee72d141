package javax.servlet.http;

/** Compile-only stub of the servlet request for the fix pairs. */
public interface HttpServletRequest {
    String getParameter(String name);
}
