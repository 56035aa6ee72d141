package com.example.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counts orders; callers in other files pass it what the user typed. */
public class OrderRepository {
    private static final String DB_URL = "jdbc:postgresql://db.internal/shop";

    public int countByStatus(String status) throws SQLException {
        try (Connection db = DriverManager.getConnection(DB_URL, "reports", System.getenv("REPORTS_DB_PASSWORD"));
             Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM orders WHERE status = '" + status + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
