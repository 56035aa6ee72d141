package fixes;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

/** No fix: a cookie created inside addCookie has no name to call setters on; a flag turned off is deliberate. */
class NotAVariable {
    void theme(HttpServletResponse response, String theme) {
        response.addCookie(new Cookie("THEME", theme));
    }

    void legacy(HttpServletResponse response, String id) {
        Cookie session = new Cookie("SESSION", id);
        session.setSecure(false);
        response.addCookie(session);
    }
}
