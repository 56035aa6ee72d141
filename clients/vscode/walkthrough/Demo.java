import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.servlet.http.HttpServletRequest;

/** A SecLens demo: each method has a defect SecLens reports, with a quick fix where one exists. */
public class Demo {
    private static final String DB_PASSWORD = "s3cr3t-Passw0rd!";

    byte[] fingerprint(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    ResultSet findUser(Connection db, HttpServletRequest request) throws Exception {
        String name = request.getParameter("name");
        return db.createStatement().executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }
}
