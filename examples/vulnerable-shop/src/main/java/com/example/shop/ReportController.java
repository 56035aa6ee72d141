package com.example.shop;

import java.io.IOException;
import java.sql.SQLException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Order reports: the status filter goes to the repository, the title back to the browser. */
public class ReportController {
    private final OrderRepository orders = new OrderRepository();

    public void report(HttpServletRequest request, HttpServletResponse response) throws SQLException, IOException {
        String status = request.getParameter("status");
        int count = orders.countByStatus(status);
        String title = request.getParameter("title");
        response.getWriter().println("<h1>" + title + "</h1><p>" + count + " orders</p>");
    }
}
