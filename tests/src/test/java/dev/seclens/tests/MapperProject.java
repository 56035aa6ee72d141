package dev.seclens.tests;

/**
 * A MyBatis mapper project shared by the scan and editor tests: a mapper interface, a servlet that
 * passes a request parameter (its name filled in with {@code formatted}) to the mapper method, and
 * the mapper XML whose statement uses it (the expression filled in: {@code '${name}'} or {@code #{name}}).
 */
public final class MapperProject {
    public static final String MAPPER = """
            package demo;

            import org.apache.ibatis.annotations.Param;

            public interface UserMapper {
                Object byName(@Param("name") String name);
            }
            """;
    public static final String SERVLET = """
            package demo;

            import javax.servlet.http.HttpServletRequest;

            class SearchServlet {
                private UserMapper users;

                Object doGet(HttpServletRequest request) {
                    return users.byName(request.getParameter("%s"));
                }
            }
            """;
    public static final String XML = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
            <mapper namespace="demo.UserMapper">
              <select id="byName" resultType="map">
                select * from users where name = %s
              </select>
            </mapper>
            """;

    private MapperProject() {
    }
}
