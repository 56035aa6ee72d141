package fixes;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

class Session {
    void login(HttpServletResponse response, String id) {
        Cookie session = new Cookie("SESSION", id);
        session.setPath("/");
        session.setSecure(true);
        session.setHttpOnly(true);
        response.addCookie(session);
    }

    void remember(HttpServletResponse response, String token, boolean remember) {
        Cookie cookie = new Cookie("REMEMBER", token);
        cookie.setHttpOnly(true);
        if (remember) {
            cookie.setSecure(true);
            response.addCookie(cookie);
        }
    }

    void tabs(HttpServletResponse response, String token) {
	Cookie auth = new Cookie("AUTH", token);
	auth.setSecure(true);
	auth.setHttpOnly(true);
	response.addCookie(auth);
    }
}
