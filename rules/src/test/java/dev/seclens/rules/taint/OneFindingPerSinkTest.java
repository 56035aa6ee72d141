package dev.seclens.rules.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seclens.rules.Analysis;
import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Finding;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.checks.BuiltInRules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One defect, one finding: the flows through one call into sinks of the callee are one finding at the call. */
class OneFindingPerSinkTest {
    @Test
    void flowsThroughOneCallIntoTheCalleesSinksAreOneFinding() {
        String audit = """
                package p;
                public class Audit {
                    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Audit.class);
                    public static void login(String user, String password) {
                        LOG.info("login " + user + " " + password);
                    }
                    public static void twice(String user, String password) {
                        LOG.info("user " + user);
                        LOG.info("password " + password);
                    }
                }
                """;
        String caller = """
                package p;
                class Login {
                    void run(javax.servlet.http.HttpServletRequest request) {
                        Audit.login(request.getParameter("u"), request.getParameter("p"));
                        Audit.twice(request.getParameter("u"), request.getParameter("p"));
                    }
                }
                """;
        List<Finding> log = logInjections(audit, caller);
        assertEquals(List.of(4, 5), log.stream().map(f -> f.range().startLine()).toList(),
                "one finding per call, whether its arguments share one sink of the callee or reach two");
        assertTrue(log.get(0).message().contains("(and from 1 other source)"), log.get(0).message());
        assertTrue(log.get(1).message().contains("(and from 1 other source)"), log.get(1).message());
    }

    @Test
    void aSourceReachingTheCalleeAlongSeveralPathsIsOneSource() {
        String audit = """
                package p;
                public class Audit {
                    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Audit.class);
                    public static void attempt(String user, String client) {
                        LOG.debug("attempt by " + user);
                        if (client.isEmpty()) {
                            LOG.warn("no client named by " + user);
                        } else {
                            LOG.info("client " + client);
                        }
                        LOG.trace("checked " + user);
                    }
                }
                """;
        String caller = """
                package p;
                class Login {
                    void run(javax.servlet.http.HttpServletRequest request) {
                        String user = request.getParameter("u");
                        Audit.attempt(user, "");
                        Audit.attempt(user, request.getParameter("client"));
                    }
                }
                """;
        List<Finding> log = logInjections(audit, caller);
        assertEquals(List.of(5, 6), log.stream().map(f -> f.range().startLine()).toList());
        assertFalse(log.get(0).message().contains("other source"), "one source along three paths: " + log.get(0).message());
        assertTrue(log.get(0).otherFlows().isEmpty(), "its other paths are not other sources");
        assertTrue(log.get(1).message().contains("(and from 1 other source)"), log.get(1).message());
        assertEquals(1, log.get(1).related().stream().filter(r -> r.message().startsWith("also from")).count(),
                "the user name is listed once, whichever of the callee's log calls it reaches: " + log.get(1).related());
    }

    /** The log-injection findings of the caller, analysed with the summaries of both files. */
    private static List<Finding> logInjections(String audit, String caller) {
        Map<String, String> texts = new TreeMap<>(Map.of("p/Audit.java", audit, "p/Login.java", caller));
        WorkspaceSummaries summaries = new WorkspaceSummaries(TaintEngine.builtIn());
        summaries.addAll(texts);
        Analysis analysis = new Analyzer(BuiltInRules.all()).withTaint(TaintEngine.builtIn(), summaries)
                .analyze(new SourceFile("p/Login.java", caller));
        return analysis.findings().stream().filter(f -> f.rule().id().equals("java/log-injection")).toList();
    }
}
