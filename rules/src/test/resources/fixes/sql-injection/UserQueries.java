package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;

class UserQueries {
    ResultSet byName(Connection conn, HttpServletRequest request, int age) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM users WHERE name = '" + name + "' AND age > " + age);
        return rs;
    }

    int rename(Connection conn, long id, HttpServletRequest request) throws SQLException {
        String newName = request.getParameter("newName");
        String sql = "UPDATE users SET name = '" + newName + "' WHERE id = " + id;
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    ResultSet byCity(Connection conn, HttpServletRequest request, Integer limit) throws SQLException {
        String city = request.getParameter("city");
        Statement statement = conn.createStatement();
        statement.setMaxRows(10);
        return statement.executeQuery("SELECT id FROM users"
                + " WHERE city = '" + city + "'"
                + " LIMIT " + limit);
    }

    ResultSet declaredLate(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        String sql = "SELECT id FROM items WHERE name = '" + name + "'";
        return st.executeQuery(sql);
    }
}
