package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class UserQueries {
    ResultSet byName(Connection conn, String name, int age) throws SQLException {
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM users WHERE name = '" + name + "' AND age > " + age);
        return rs;
    }

    int rename(Connection conn, long id, String newName) throws SQLException {
        String sql = "UPDATE users SET name = '" + newName + "' WHERE id = " + id;
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    ResultSet byCity(Connection conn, String city, Integer limit) throws SQLException {
        Statement statement = conn.createStatement();
        statement.setMaxRows(10);
        return statement.executeQuery("SELECT id FROM users"
                + " WHERE city = '" + city + "'"
                + " LIMIT " + limit);
    }

    ResultSet declaredLate(Connection conn, String name) throws SQLException {
        Statement st = conn.createStatement();
        String sql = "SELECT id FROM items WHERE name = '" + name + "'";
        return st.executeQuery(sql);
    }
}
