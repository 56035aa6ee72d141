package fixes;

import java.sql.*;
import javax.servlet.http.HttpServletRequest;

class TryResource {
    boolean exists(Connection conn, HttpServletRequest request) throws SQLException {
        String login = request.getParameter("login");
        Statement st = conn.createStatement();
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM accounts WHERE login = '" + login + "'")) {
            return rs.next();
        }
    }
}
