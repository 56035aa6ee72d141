package dev.seclens.server.cli;

import dev.seclens.rules.Severity;
import dev.seclens.rules.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed command line of {@code seclens scan}.
 *
 * @param failOn the least severity that makes the scan fail; empty for {@code --fail-on none}
 * @param maxFileSize files larger than this many bytes are skipped ({@link #NO_SIZE_LIMIT} for none); empty for the
 *                    configuration's limit or the default
 * @param config the configuration file given with {@code --config}; empty to use {@code .seclens.json}
 *               in the working directory if there is one
 * @param baseline a previous SARIF report whose findings (by fingerprint) are not reported again
 * @param advisories OSV files or folders given with {@code --advisories}, added to the bundled advisories
 * @param cache whether to use the on-disk cache in {@code .seclens/cache} ({@code --no-cache} turns it off)
 * @param shard with {@code --shard I/N}, the part of the files this run scans
 * @param failOnSkipped {@code --fail-on-skipped} (true) or {@code --no-fail-on-skipped} (false); empty
 *                      for the default, which depends on whether the scan runs in CI
 * @param includeGenerated whether generated sources are analysed rather than set aside
 */
record ScanOptions(
        List<String> paths,
        Format format,
        Optional<String> output,
        Optional<Severity> failOn,
        OptionalLong maxFileSize,
        boolean stdin,
        String stdinFilename,
        boolean help,
        Optional<String> config,
        Optional<String> baseline,
        List<String> advisories,
        boolean cache,
        Optional<Shard> shard,
        Optional<Boolean> failOnSkipped,
        boolean includeGenerated) {

    enum Format { TEXT, JSON, SARIF, REVIEW }

    /** Shard {@code index} (from 1) of {@code count}. */
    record Shard(int index, int count) {
        private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

        static Shard parse(String text) throws UsageException {
            Matcher m = SYNTAX.matcher(text.trim());
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                int count = Integer.parseInt(m.group(2));
                if (index >= 1 && index <= count) {
                    return new Shard(index, count);
                }
            }
            throw new UsageException("bad shard '" + text + "' for --shard (use I/N with 1 <= I <= N, e.g. 2/4)");
        }

        /**
         * Whether this shard scans {@code path} (relative to the scan root, with '/'): a hash of the
         * path, the same on every machine and in every run, decides.
         */
        boolean includes(String path) {
            byte[] digest = Sha256.digest().digest(path.getBytes(StandardCharsets.UTF_8));
            long hash = ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
            return hash % count == index - 1;
        }
    }

    static final Severity DEFAULT_FAIL_ON = Severity.LOW;
    static final String DEFAULT_STDIN_FILENAME = "stdin.java";
    /** {@code --max-file-size none}: no limit but the reader's own. */
    static final long NO_SIZE_LIMIT = Long.MAX_VALUE;

    ScanOptions {
        paths = List.copyOf(paths);
        advisories = List.copyOf(advisories);
    }

    static ScanOptions parse(String... args) throws UsageException {
        List<String> paths = new ArrayList<>();
        Format format = Format.TEXT;
        String output = null;
        Optional<Severity> failOn = Optional.of(DEFAULT_FAIL_ON);
        OptionalLong maxFileSize = OptionalLong.empty();
        boolean stdin = false;
        String stdinFilename = null;
        boolean help = false;
        String config = null;
        String baseline = null;
        List<String> advisories = new ArrayList<>();
        boolean cache = true;
        Shard shard = null;
        Boolean failOnSkipped = null;
        boolean includeGenerated = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                paths.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                paths.add(arg);
                continue;
            }
            // Both "--format json" and "--format=json" are accepted.
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            switch (name) {
                case "-h", "--help" -> help = flag(name, inline);
                case "--stdin" -> stdin = flag(name, inline);
                case "--format" -> format = parseFormat(inline != null ? inline : value(args, ++i, name));
                case "--output" -> output = inline != null ? inline : value(args, ++i, name);
                case "--fail-on" -> failOn = parseFailOn(inline != null ? inline : value(args, ++i, name));
                case "--max-file-size" ->
                        maxFileSize = OptionalLong.of(parseSize(inline != null ? inline : value(args, ++i, name)));
                case "--baseline" -> baseline = inline != null ? inline : value(args, ++i, name);
                case "--stdin-filename" -> stdinFilename = inline != null ? inline : value(args, ++i, name);
                case "--config" -> config = inline != null ? inline : value(args, ++i, name);
                case "--advisories" -> advisories.add(inline != null ? inline : value(args, ++i, name));
                case "--no-cache" -> cache = !flag(name, inline);
                case "--shard" -> shard = Shard.parse(inline != null ? inline : value(args, ++i, name));
                case "--fail-on-skipped" -> failOnSkipped = flag(name, inline);
                case "--no-fail-on-skipped" -> failOnSkipped = !flag(name, inline);
                case "--include-generated" -> includeGenerated = flag(name, inline);
                default -> throw new UsageException("unknown option: " + arg);
            }
        }

        if (help) {
            return new ScanOptions(paths, format, Optional.ofNullable(output), failOn, maxFileSize, stdin,
                    DEFAULT_STDIN_FILENAME, true, Optional.ofNullable(config), Optional.empty(), advisories, cache,
                    Optional.ofNullable(shard), Optional.ofNullable(failOnSkipped), includeGenerated);
        }
        if (advisories.contains("")) {
            throw new UsageException("--advisories needs a file or folder name");
        }
        if (baseline != null && baseline.isEmpty()) {
            throw new UsageException("--baseline needs a file name");
        }
        if (output != null && output.isEmpty()) {
            throw new UsageException("--output needs a file name");
        }
        if (stdin && !paths.isEmpty()) {
            throw new UsageException("--stdin reads one document from standard input and takes no PATH");
        }
        if (!stdin && stdinFilename != null) {
            throw new UsageException("--stdin-filename only applies with --stdin");
        }
        if (!stdin && paths.isEmpty()) {
            throw new UsageException("no PATH given");
        }
        if (stdin && shard != null) {
            throw new UsageException("--shard splits the files of a folder scan; it does not apply to --stdin");
        }
        if (config != null && config.isEmpty()) {
            throw new UsageException("--config needs a file name");
        }
        if (stdinFilename != null && stdinFilename.isBlank()) {
            throw new UsageException("--stdin-filename needs a file name");
        }
        return new ScanOptions(paths, format, Optional.ofNullable(output), failOn, maxFileSize, stdin,
                stdinFilename == null ? DEFAULT_STDIN_FILENAME : stdinFilename, false, Optional.ofNullable(config),
                Optional.ofNullable(baseline), advisories, cache, Optional.ofNullable(shard),
                Optional.ofNullable(failOnSkipped), includeGenerated);
    }

    private static boolean flag(String option, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException("option " + option + " takes no value");
        }
        return true;
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args[index];
    }

    private static Format parseFormat(String text) throws UsageException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            case "sarif" -> Format.SARIF;
            case "review" -> Format.REVIEW;
            default -> throw new UsageException("unknown format '" + text + "' (use text, json, sarif or review)");
        };
    }

    private static Optional<Severity> parseFailOn(String text) throws UsageException {
        if (text.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        Optional<Severity> severity = Severity.parse(text);
        if (severity.isEmpty()) {
            throw new UsageException("unknown severity '" + text
                    + "' (use info, low, medium, high, critical or none)");
        }
        return severity;
    }

    /** Bytes, or a number followed by k, m or g (powers of 1024). */
    private static long parseSize(String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NO_SIZE_LIMIT;
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long size = Math.multiplyExact(Long.parseLong(digits), unit);
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below with the accepted forms
        }
        throw new UsageException("bad size '" + text + "' for --max-file-size (use bytes, a number with k, m or g, or none)");
    }
}
