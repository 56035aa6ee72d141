package dev.seclens.tests.hostile;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file a process and its threads opened, created, renamed, removed or made a folder of, as
 * strace records it ({@code -f -y}: real paths of the files opened and of the folders relative
 * paths start from). Failed calls are left out: they touched nothing.
 */
final class FileAccessTrace {
    static final String SYSCALLS = "open,openat,openat2,creat,truncate,rename,renameat,renameat2,unlink,unlinkat,"
            + "mkdir,mkdirat,rmdir,link,linkat,symlink,symlinkat,chmod,fchmodat";
    private static final Pattern CALL = Pattern.compile("^\\d+\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+)(?:<(.*)>)?.*$");
    /** A path argument, with the folder a relative one starts from when strace knows it. */
    private static final Pattern PATH_ARGUMENT = Pattern.compile("(?:(?:AT_FDCWD|\\d+)<([^>]*)>,\\s*)?\"((?:[^\"\\\\]|\\\\.)*)\"");

    private FileAccessTrace() {
    }

    /** strace's command prefix writing to {@code output}; fails in CI, aborts elsewhere, when strace is missing. */
    static List<String> prefix(Path output) throws IOException, InterruptedException {
        boolean present;
        try {
            Process probe = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            present = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank()) {
                fail("strace is missing: .ci/run installs it (apt-get install -y strace)");
            }
            org.junit.jupiter.api.Assumptions.abort("strace is not installed; .ci/run installs it for CI");
        }
        return List.of("strace", "-f", "-qq", "-y", "-e", "trace=" + SYSCALLS, "-o", output.toString());
    }

    /** The paths the traced process touched, sorted. */
    static TreeSet<String> paths(Path trace) throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
            Matcher call = CALL.matcher(line);
            if (!call.matches() || call.group(3).startsWith("-")) {
                continue;
            }
            if (call.group(4) != null && call.group(1).startsWith("open") || "creat".equals(call.group(1))) {
                if (call.group(4) != null) {
                    paths.add(call.group(4)); // the real path of what was opened
                    continue;
                }
            }
            Matcher argument = PATH_ARGUMENT.matcher(call.group(2));
            while (argument.find()) {
                String path = argument.group(2);
                if (!path.startsWith("/") && argument.group(1) != null) {
                    path = argument.group(1) + "/" + path;
                }
                paths.add(Path.of(path).normalize().toString());
            }
        }
        return paths;
    }

    /** The paths not under any of {@code allowed}, for the failure message. */
    static List<String> outside(TreeSet<String> paths, List<String> allowed) {
        List<String> outside = new ArrayList<>();
        for (String path : paths) {
            if (allowed.stream().noneMatch(prefix -> path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix
                    : prefix + "/") || prefix.endsWith(":") && path.startsWith(prefix))) {
                outside.add(path);
            }
        }
        return outside;
    }
}
