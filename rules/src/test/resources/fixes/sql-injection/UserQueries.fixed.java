package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;
import java.sql.PreparedStatement;

class UserQueries {
    ResultSet byName(Connection conn, HttpServletRequest request, int age) throws SQLException {
        String name = request.getParameter("name");
        PreparedStatement st = conn.prepareStatement("SELECT id FROM users WHERE name = ? AND age > ?");
        st.setString(1, name);
        st.setInt(2, age);
        ResultSet rs = st.executeQuery();
        return rs;
    }

    int rename(Connection conn, long id, HttpServletRequest request) throws SQLException {
        String newName = request.getParameter("newName");
        String sql = "UPDATE users SET name = ? WHERE id = ?";
        try (PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, newName);
            st.setLong(2, id);
            return st.executeUpdate();
        }
    }

    ResultSet byCity(Connection conn, HttpServletRequest request, Integer limit) throws SQLException {
        String city = request.getParameter("city");
        PreparedStatement statement = conn.prepareStatement("SELECT id FROM users WHERE city = ? LIMIT ?");
        statement.setMaxRows(10);
        statement.setString(1, city);
        statement.setInt(2, limit);
        return statement.executeQuery();
    }

    ResultSet declaredLate(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        PreparedStatement st = conn.prepareStatement("SELECT id FROM items WHERE name = ?");
        st.setString(1, name);
        return st.executeQuery();
    }
}
