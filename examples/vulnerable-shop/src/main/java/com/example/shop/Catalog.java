package com.example.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Safe code that looks like the problems above: SecLens stays quiet here. */
public class Catalog {
    private static final String PRODUCTS = "products";

    public ResultSet byCategory(Connection db, String category, int limit) throws SQLException {
        PreparedStatement ps = db.prepareStatement(
                "SELECT id, name FROM " + PRODUCTS + " WHERE category = ? LIMIT " + limit);
        ps.setString(1, category);
        return ps.executeQuery();
    }
}
