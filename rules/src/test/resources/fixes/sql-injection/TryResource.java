package fixes;

import java.sql.*;

class TryResource {
    boolean exists(Connection conn, String login) throws SQLException {
        Statement st = conn.createStatement();
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM accounts WHERE login = '" + login + "'")) {
            return rs.next();
        }
    }
}
