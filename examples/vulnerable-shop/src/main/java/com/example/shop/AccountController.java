package com.example.shop;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Logs a customer in and shows their orders. */
public class AccountController {
    private static final String DB_URL = "jdbc:mysql://db.internal:3306/shop";
    private static final String DB_USER = "shop";
    private static final String DB_PASSWORD = "Sh0pAdm1n!2023";

    private final TokenService tokens = new TokenService();

    public void login(HttpServletRequest request, HttpServletResponse response) throws SQLException, IOException {
        String user = request.getParameter("user");
        String password = request.getParameter("password");
        try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
            Statement statement = db.createStatement();
            ResultSet rs = statement.executeQuery("SELECT id FROM customers WHERE login = '" + user
                    + "' AND password_hash = '" + PasswordHasher.hash(password) + "'");
            if (!rs.next()) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            Cookie session = new Cookie("SHOPSESSION", tokens.newSessionId());
            session.setPath("/");
            response.addCookie(session);
        }
    }

    public void orders(HttpServletRequest request, HttpServletResponse response) throws SQLException, IOException {
        String sort = request.getParameter("sort");
        StringBuilder sql = new StringBuilder("SELECT id, total FROM orders WHERE customer_id = ?");
        sql.append(" ORDER BY ").append(sort);
        try (Connection db = DriverManager.getConnection(DB_URL, DB_USER, System.getenv("SHOP_DB_PASSWORD"))) {
            var ps = db.prepareStatement(sql.toString());
            ps.setLong(1, Long.parseLong(request.getParameter("customer")));
            ps.executeQuery();
        }
    }
}
