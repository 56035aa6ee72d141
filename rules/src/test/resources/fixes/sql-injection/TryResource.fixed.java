package fixes;

import java.sql.*;

class TryResource {
    boolean exists(Connection conn, String login) throws SQLException {
        PreparedStatement st = conn.prepareStatement("SELECT 1 FROM accounts WHERE login = ?");
        st.setString(1, login);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next();
        }
    }
}
