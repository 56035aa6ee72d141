package dev.seclens.server.cli;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.Rule;
import dev.seclens.rules.Sha256;
import dev.seclens.rules.SourceFile;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.ConfigurationException;
import dev.seclens.rules.config.PathFilter;
import dev.seclens.rules.taint.WorkspaceSummaries;
import dev.seclens.server.AdvisoryFiles;
import dev.seclens.server.ConfigurationFile;
import dev.seclens.server.IgnoreFiles;
import dev.seclens.server.UserFiles;
import dev.seclens.server.Version;
import dev.seclens.server.WorkspaceFiles;
import dev.seclens.server.workspace.ScanTarget;
import dev.seclens.server.workspace.SourceBytes;
import dev.seclens.server.workspace.SourceWalker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code seclens scan}: parses the arguments, finds the files, analyses them, writes one report to
 * standard output (or {@code --output}) and everything else to standard error.
 */
public final class ScanCommand {
    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_ERROR = 2;

    static final String HELP = """
            usage: seclens scan [options] PATH...
                   seclens scan [options] --stdin [--stdin-filename NAME]

            Analyses the .java files under each PATH for security defects, and the build files
            (pom.xml, build.gradle, build.gradle.kts, *.versions.toml) for dependencies with known
            advisories. Folders are walked without following symbolic links to folders, leaving
            out .git, target, build, node_modules and hidden folders; files named on the command
            line are always read.

            options:
              --format FORMAT           text, json, sarif or review (Markdown security
                                        review); default: text
              --output FILE             write the report to FILE instead of stdout: a regular
                                        file atomically, a device or pipe in place; - is stdout;
                                        never a file the scan reads
              --fail-on SEVERITY        exit 1 when a finding is at least this severe: info, low,
                                        medium, high, critical, or none to never fail (default: low)
              --max-file-size SIZE      skip files larger than SIZE bytes; k, m and g suffixes
                                        are accepted (default: no limit)
              --baseline FILE           report only findings whose fingerprints are not in FILE,
                                        an earlier SARIF report of this command
              --stdin                   analyse one document read from standard input
              --stdin-filename NAME     the path to report it under, which also decides whether
                                        it is test code (default: stdin.java)
              --config FILE             read the configuration from FILE (default: .seclens.json
                                        in the current directory, if there is one)
              --advisories PATH         also check dependencies against the OSV advisories in PATH,
                                        a .json file or a folder of them (repeatable)
              --no-cache                analyse every file; without it, findings of unchanged files
                                        come from the user's cache folder (see docs/cli.md)
              --fail-on-skipped         exit 1 when any file could not be analysed (too large,
                                        unreadable, not a regular file); on by default when the
                                        CI environment variable is set (--no-fail-on-skipped: off)
              --shard I/N               scan only part I of N of the files (1 <= I <= N), chosen by
                                        a hash of each path; merge the reports with seclens merge
              -h, --help                show this help

            Findings can be suppressed with // seclens-ignore RULE on their line,
            // seclens-ignore-next-line RULE on the line before, @SuppressWarnings("seclens:RULE")
            on a declaration, or an entry in .seclens/ignored.json in the nearest folder above the
            file that has a .seclens folder. Suppressed findings are left out of the text report,
            listed in JSON and SARIF, counted in the summary, and never change the exit status.

            exit status: 0 no finding at or above --fail-on, 1 findings at or above it (or,
                         with --fail-on-skipped, a file skipped), 2 usage, I/O or internal
                         error. Files that cannot be analysed are listed on standard error and
                         in JSON and SARIF reports.
            """;

    /** How often a scan that is not on a terminal says how far it has got. */
    static final long PLAIN_PROGRESS_SECONDS = 10;

    private final Analyzer analyzer;
    private final Path workingDirectory;
    private final int threads;
    private final Path userCache;
    private final boolean ciMode;

    /**
     * @param userCache the user's cache folder ({@link UserCache#folder()}), where the scan cache lives
     * @param ciMode    whether the scan runs in CI, where {@code --fail-on-skipped} is the default
     */
    public ScanCommand(Analyzer analyzer, Path workingDirectory, int threads, Path userCache, boolean ciMode) {
        this.analyzer = analyzer;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.threads = threads;
        this.userCache = userCache;
        this.ciMode = ciMode;
    }

    /** The command as {@code seclens scan} runs it: built-in rules, current directory, all cores. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String ci = System.getenv("CI");
        return new ScanCommand(Analyzer.withBuiltInRules(), Path.of(""), Runtime.getRuntime().availableProcessors(),
                UserCache.folder(), ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false"))
                .execute(args, in, out, err);
    }

    public int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        ScanLog log = new ScanLog(err);
        ScanOptions options;
        try {
            options = ScanOptions.parse(args);
        } catch (UsageException e) {
            log.error(e.getMessage() + " (see seclens scan --help)");
            return EXIT_ERROR;
        }
        if (options.help()) {
            out.print(HELP);
            out.flush();
            return EXIT_CLEAN;
        }
        try {
            return scan(options, in, out, log);
        } catch (CommandException e) {
            log.error(e.getMessage());
            return EXIT_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted");
            return EXIT_ERROR;
        } catch (RuntimeException | Error e) {
            // never the findings status, and one line rather than a stack trace in a CI log
            log.error("internal error, scan abandoned: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + TextReport.oneLine(e.getMessage())));
            return EXIT_ERROR;
        }
    }

    private int scan(ScanOptions options, InputStream in, PrintStream out, ScanLog log)
            throws CommandException, InterruptedException {
        long started = System.nanoTime();
        ReportOutput output;
        try {
            // Checked first so that a long scan does not end in a report that cannot be written.
            output = ReportOutput.of(options.output(), workingDirectory);
        } catch (ReportOutput.Refused e) {
            throw new CommandException(e.getMessage());
        }

        ConfigurationFile.Loaded configuration = configuration(options);
        PathFilter paths = configuration.paths();
        Optional<Set<String>> baseline = options.baseline().isPresent()
                ? Optional.of(readBaseline(options.baseline().get())) : Optional.empty();
        IgnoreFiles ignoreFiles = new IgnoreFiles(workingDirectory);
        Analyzer configured = configuration.analyzer(withAdvisories(options), workingDirectory)
                .withIgnoreFiles(ignoreFiles::forFile)
                .withProjectFiles(new WorkspaceFiles(workingDirectory, projectRoots(options)));
        configured.buildFiles().advisories().problems().forEach(problem -> log.error("advisories: " + problem));
        OptionalLong maxFileSize = options.maxFileSize().isPresent() ? options.maxFileSize()
                : configuration.configuration().maxFileSize();
        Optional<BatchScanner.Caching> caching = options.cache() && !options.stdin()
                ? Optional.of(new BatchScanner.Caching(new ScanCache(userCache, workingDirectory, runKey(configured, configuration),
                        ScanCache.DEFAULT_MAX_BYTES, new CachedOutcomes(configured.rules().stream().map(Rule::metadata).toList())),
                        this::ignoreFileKey))
                : Optional.empty();
        List<FileOutcome> outcomes = new ArrayList<>();
        byte[] stdinDocument = null;
        if (options.stdin()) {
            String path = options.stdinFilename().replace('\\', '/');
            checkIgnoreFile(ignoreFiles, path);
            stdinDocument = readAll(in);
            outcomes.add(new BatchScanner(configured, threads, maxFileSize).scanDocument(path, stdinDocument));
        } else {
            SourceWalker.Discovery discovery;
            try {
                discovery = new SourceWalker(workingDirectory).discover(options.paths());
            } catch (NoSuchFileException e) {
                throw new CommandException("no such file or directory: " + e.getFile());
            }
            try {
                output.checkNotAmong(discovery.targets().stream().map(ScanTarget::file).toList());
            } catch (ReportOutput.Refused e) {
                throw new CommandException(e.getMessage());
            }
            // include/exclude leave files out silently, named or found, skipped or not.
            Optional<ScanOptions.Shard> shard = options.shard();
            List<ScanTarget> targets = discovery.targets().stream()
                    .filter(t -> paths.includes(workingDirectory.resolve(t.path())))
                    .filter(t -> shard.isEmpty() || shard.get().includes(t.path())).toList();
            // A broken ignore file stops the scan before it starts, rather than skipping every file.
            for (ScanTarget target : targets) {
                checkIgnoreFile(ignoreFiles, target.path());
            }
            outcomes.addAll(discovery.skipped().stream()
                    .filter(s -> paths.includes(workingDirectory.resolve(s.path())))
                    .filter(s -> shard.isEmpty() || shard.get().includes(s.path()))
                    .map(s -> new FileOutcome.Skipped(s.path(), s.reason())).toList());
            // Summaries of every file, not only this shard's: flows into the shard pass through the others.
            List<ScanTarget> everyTarget = discovery.targets().stream()
                    .filter(t -> paths.includes(workingDirectory.resolve(t.path()))).toList();
            WorkspaceSummaries summaries = ScanSummaries.of(configured.taintEngine(), everyTarget, threads, maxFileSize,
                    caching.map(BatchScanner.Caching::cache));
            BatchScanner scanner = new BatchScanner(configured.withTaint(configured.taintEngine(), summaries),
                    threads, maxFileSize, caching);
            try (ScanProgress progress = ScanProgress.start(log.stream(), targets.size(), PLAIN_PROGRESS_SECONDS)) {
                outcomes.addAll(scanner.scan(targets, progress));
            }
            caching.ifPresent(c -> c.cache().trim());
        }
        ScanResult result = ScanResult.of(outcomes, Duration.ofNanos(System.nanoTime() - started));
        if (baseline.isPresent()) {
            result = result.withoutBaseline(baseline.get());
        }

        byte[] report = report(options.format(), configured, stdinDocument).render(result)
                .getBytes(StandardCharsets.UTF_8);
        try {
            output.write(report, out);
        } catch (ReportOutput.Refused e) {
            throw new CommandException(e.getMessage());
        }
        log.problems(result);
        log.summary(result);
        boolean failOnSkipped = options.failOnSkipped().orElse(ciMode);
        if (failOnSkipped && !result.skipped().isEmpty()) {
            log.error(result.skipped().size() + " file(s) could not be analysed; failing"
                    + (options.failOnSkipped().isPresent() ? " (--fail-on-skipped)" : " (CI is set; --no-fail-on-skipped to allow)"));
            return EXIT_FINDINGS;
        }
        return result.hasFindingAtLeast(options.failOn()) ? EXIT_FINDINGS : EXIT_CLEAN;
    }

    /** The working directory and every folder named on the command line (a named file's folder). */
    private List<Path> projectRoots(ScanOptions options) {
        List<Path> roots = new ArrayList<>(List.of(workingDirectory));
        for (String path : options.paths()) {
            try {
                Path named = workingDirectory.resolve(path).toAbsolutePath().normalize();
                roots.add(Files.isDirectory(named) || named.getParent() == null ? named : named.getParent());
            } catch (RuntimeException e) {
                // not a path on this platform: the walker reports it
            }
        }
        return roots;
    }

    /**
     * What every cached finding of this run depends on besides its file: this build of SecLens,
     * the analyzer (rules, their code and settings), the configuration file and the taint
     * specifications it names.
     */
    private String runKey(Analyzer configured, ConfigurationFile.Loaded configuration) {
        MessageDigest digest = Sha256.digest();
        digest.update((Version.current() + "\0" + Version.buildHash() + "\0" + configured.fingerprint() + "\0")
                .getBytes(StandardCharsets.UTF_8));
        digest.update(configuration.root().toString().getBytes(StandardCharsets.UTF_8));
        Configuration c = configuration.configuration();
        // the analyzer's fingerprint has the rules and the confidence; the globs decide test code
        digest.update(String.join("\0", "include", c.include().toString(), "exclude", c.exclude().toString(),
                "testCode", c.testCode().toString(), "taintSpecs", c.taintSpecs().toString()).getBytes(StandardCharsets.UTF_8));
        for (String spec : configuration.configuration().taintSpecs()) {
            try {
                digest.update(UserFiles.read(configuration.root().resolve(spec), spec, UserFiles.MAX_SETTINGS_FILE,
                        Optional.of(configuration.root())));
            } catch (UserFiles.Refused e) {
                digest.update(("unreadable " + spec).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The ignore files applying to a file, as sizes and modification times: an accepted finding changes them. */
    private String ignoreFileKey(ScanTarget target) {
        return new IgnoreFiles(workingDirectory).key(Path.of(target.path()));
    }

    /** {@code --config FILE}, else {@code .seclens.json} in the working directory, else none. */
    private ConfigurationFile.Loaded configuration(ScanOptions options) throws CommandException {
        Path file = workingDirectory.resolve(options.config().orElse(ConfigurationFile.NAME));
        if (options.config().isEmpty() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return ConfigurationFile.Loaded.none(workingDirectory);
        }
        try {
            return options.config().isPresent() ? ConfigurationFile.loadNamed(file, options.config().get(), analyzer)
                    : ConfigurationFile.load(file, ConfigurationFile.NAME, analyzer);
        } catch (ConfigurationException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** The analyzer with the {@code --advisories} files added to the bundled advisories. */
    private Analyzer withAdvisories(ScanOptions options) throws CommandException {
        if (options.advisories().isEmpty()) {
            return analyzer;
        }
        try {
            return analyzer.withBuildFiles(analyzer.buildFiles().withAdvisories(AdvisoryFiles.add(
                    analyzer.buildFiles().advisories(), options.advisories().stream().map(workingDirectory::resolve).toList(),
                    workingDirectory, Optional.empty())));
        } catch (NoSuchFileException e) {
            throw new CommandException("--advisories: no such file or folder: " + workingDirectory.relativize(
                    Path.of(e.getFile()).toAbsolutePath().normalize()));
        }
    }

    /** {@code stdinDocument} is the document read with {@code --stdin}, or null. */
    private Report report(ScanOptions.Format format, Analyzer analyzer, byte[] stdinDocument) {
        return switch (format) {
            case TEXT -> new TextReport();
            case JSON -> new JsonReport(Version.current());
            case SARIF -> new SarifReport(Version.current(),
                    analyzer.rules().stream().map(Rule::metadata).toList(), workingDirectory);
            case REVIEW -> new ReviewReport(stdinDocument != null
                    ? path -> Optional.of(SourceBytes.decode(stdinDocument).text()) : this::sourceText);
        };
    }

    /** A scanned file's text, read again for the review's quotes; empty if it can no longer be read. */
    private Optional<String> sourceText(String path) {
        try {
            return Optional.of(SourceBytes.decode(UserFiles.read(workingDirectory.resolve(path), path,
                    UserFiles.MAX_ANY_FILE, Optional.empty())).text());
        } catch (UserFiles.Refused | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static void checkIgnoreFile(IgnoreFiles ignoreFiles, String path) throws CommandException {
        try {
            ignoreFiles.forFile(new SourceFile(path, ""));
        } catch (IgnoreList.InvalidIgnoreFile e) {
            throw new CommandException(e.getMessage());
        }
    }

    private Set<String> readBaseline(String name) throws CommandException {
        try {
            return SarifBaseline.fingerprints(UserFiles.readText(workingDirectory.resolve(name), "baseline " + name,
                    UserFiles.MAX_SETTINGS_FILE, Optional.empty()));
        } catch (UserFiles.Refused e) {
            throw new CommandException("cannot read " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandException("baseline " + name + ": " + e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in) throws CommandException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CommandException("cannot read standard input: " + e.getMessage());
        }
    }

    /** Stops the command with exit status 2 and a one-line reason. */
    private static final class CommandException extends Exception {
        CommandException(String message) {
            super(message);
        }
    }
}
