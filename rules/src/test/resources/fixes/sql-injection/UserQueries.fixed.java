package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.PreparedStatement;

class UserQueries {
    ResultSet byName(Connection conn, String name, int age) throws SQLException {
        PreparedStatement st = conn.prepareStatement("SELECT id FROM users WHERE name = ? AND age > ?");
        st.setString(1, name);
        st.setInt(2, age);
        ResultSet rs = st.executeQuery();
        return rs;
    }

    int rename(Connection conn, long id, String newName) throws SQLException {
        String sql = "UPDATE users SET name = ? WHERE id = ?";
        try (PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, newName);
            st.setLong(2, id);
            return st.executeUpdate();
        }
    }

    ResultSet byCity(Connection conn, String city, Integer limit) throws SQLException {
        PreparedStatement statement = conn.prepareStatement("SELECT id FROM users WHERE city = ? LIMIT ?");
        statement.setMaxRows(10);
        statement.setString(1, city);
        statement.setInt(2, limit);
        return statement.executeQuery();
    }

    ResultSet declaredLate(Connection conn, String name) throws SQLException {
        PreparedStatement st = conn.prepareStatement("SELECT id FROM items WHERE name = ?");
        st.setString(1, name);
        return st.executeQuery();
    }
}
