package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;

/** Each of these needs a judgement a rewrite cannot make, so none gets a fix. */
class Ambiguous {
    ResultSet search(Connection conn, HttpServletRequest request) throws SQLException {
        String term = request.getParameter("term");
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items WHERE name LIKE '%" + term + "%'");
    }

    ResultSet sorted(Connection conn, HttpServletRequest request) throws SQLException {
        String column = request.getParameter("column");
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items ORDER BY " + column);
    }

    ResultSet fromRequest(Connection conn, HttpServletRequest request) throws SQLException {
        Map<String, String> form = Map.of("owner", request.getParameter("owner"));
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items WHERE owner = '" + form.get("owner") + "'");
    }

    ResultSet twice(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        st.executeUpdate("DELETE FROM log");
        return st.executeQuery("SELECT id FROM items WHERE name = '" + name + "'");
    }

    ResultSet usedTwice(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        String sql = "SELECT id FROM items WHERE name = '" + name + "'";
        System.out.println(sql);
        Statement st = conn.createStatement();
        return st.executeQuery(sql);
    }

    ResultSet changed(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        name = name.trim();
        return st.executeQuery("SELECT id FROM items WHERE name = '" + name + "'");
    }
}
