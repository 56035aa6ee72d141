package fixes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Each of these needs a judgement a rewrite cannot make, so none gets a fix. */
class Ambiguous {
    ResultSet search(Connection conn, String term) throws SQLException {
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items WHERE name LIKE '%" + term + "%'");
    }

    ResultSet sorted(Connection conn, String column) throws SQLException {
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items ORDER BY " + column);
    }

    ResultSet fromRequest(Connection conn, Map<String, String> request) throws SQLException {
        Statement st = conn.createStatement();
        return st.executeQuery("SELECT id FROM items WHERE owner = '" + request.get("owner") + "'");
    }

    ResultSet twice(Connection conn, String name) throws SQLException {
        Statement st = conn.createStatement();
        st.executeUpdate("DELETE FROM log");
        return st.executeQuery("SELECT id FROM items WHERE name = '" + name + "'");
    }

    ResultSet usedTwice(Connection conn, String name) throws SQLException {
        String sql = "SELECT id FROM items WHERE name = '" + name + "'";
        System.out.println(sql);
        Statement st = conn.createStatement();
        return st.executeQuery(sql);
    }

    ResultSet changed(Connection conn, String name) throws SQLException {
        Statement st = conn.createStatement();
        name = name.trim();
        return st.executeQuery("SELECT id FROM items WHERE name = '" + name + "'");
    }
}
