package fixes;

import java.sql.*;
import javax.servlet.http.HttpServletRequest;

class TryResource {
    boolean exists(Connection conn, HttpServletRequest request) throws SQLException {
        String login = request.getParameter("login");
        PreparedStatement st = conn.prepareStatement("SELECT 1 FROM accounts WHERE login = ?");
        st.setString(1, login);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next();
        }
    }
}
