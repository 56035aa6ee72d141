package com.example;

class Gate {
    static boolean SKIP_AUTH = Boolean.getBoolean("gate.skip.auth");

    boolean isAuthorized(String user) {
        if (SKIP_AUTH) {
            return true;
        }
        return user.equals("admin");
    }
}
