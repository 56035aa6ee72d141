package com.example;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

class Accounts {
    private final Connection connection;

    Accounts(Connection connection) {
        this.connection = connection;
    }

    boolean exists(String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    byte[] checksum(byte[] document) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(document);
    }
}
