package dev.seclens.server;

import dev.seclens.rules.Analyzer;
import dev.seclens.rules.Rule;
import dev.seclens.rules.RuleMetadata;
import dev.seclens.rules.config.Configuration;
import dev.seclens.rules.config.ConfigurationException;
import dev.seclens.rules.config.ConfigurationParser;
import dev.seclens.rules.config.PathFilter;
import dev.seclens.rules.deps.BuildFileAnalyzer;
import dev.seclens.rules.taint.SpecException;
import dev.seclens.rules.taint.SummaryTable;
import dev.seclens.rules.taint.TaintEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .seclens.json}, for the scan command and the language server alike. Its globs
 * and taint specification paths are relative to the folder the file is in.
 */
public final class ConfigurationFile {
    public static final String NAME = ".seclens.json";

    private ConfigurationFile() {
    }

    /** A configuration and the folder it applies to. */
    public record Loaded(Path root, Configuration configuration, TaintEngine taintEngine) {

        /** No file: the defaults, anchored at {@code root}. */
        public static Loaded none(Path root) {
            return new Loaded(root.toAbsolutePath().normalize(), Configuration.DEFAULT, TaintEngine.builtIn());
        }

        /** The same folder and taint specifications under another configuration (editor settings merged in). */
        public Loaded with(Configuration other) {
            return new Loaded(root, other, taintEngine);
        }

        public PathFilter paths() {
            return new PathFilter(root, configuration);
        }

        /**
         * {@code unconfigured} under this configuration; a document's path is resolved against
         * {@code workingDirectory} to decide whether the {@code testCode} globs cover it.
         */
        public Analyzer analyzer(Analyzer unconfigured, Path workingDirectory) {
            PathFilter paths = paths();
            Analyzer configured = unconfigured.configured(configuration,
                    file -> paths.isTestCode(workingDirectory.resolve(file.path().replace('\\', '/'))));
            return configured.withTaint(taintEngine.withThreatModels(configuration.enabledThreatModels()),
                            () -> SummaryTable.EMPTY)
                    .withBuildFiles(AdvisoryFiles.readingBuildFiles(buildFiles(unconfigured.buildFiles()), workingDirectory));
        }

        /** {@code base} with the configuration's advisories added; a missing path is one of their problems. */
        private BuildFileAnalyzer buildFiles(BuildFileAnalyzer base) {
            if (configuration.advisories().isEmpty()) {
                return base;
            }
            List<Path> paths = configuration.advisories().stream().map(root::resolve).toList();
            try {
                return base.withAdvisories(AdvisoryFiles.add(base.advisories(), paths, root));
            } catch (NoSuchFileException e) {
                return base.withAdvisories(base.advisories().withProblems(List.of(e.getFile() + ": no such file or folder")));
            }
        }
    }

    /**
     * @param shown how to name the file in messages
     * @throws ConfigurationException with a one-line message: the file, where in it, what is wrong
     */
    public static Loaded load(Path file, String shown, Analyzer analyzer) throws ConfigurationException {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = absolute.getParent();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(absolute);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(shown + ": no such file");
        } catch (IOException e) {
            throw new ConfigurationException(shown + ": cannot be read: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        ConfigurationParser parser = new ConfigurationParser(ruleIds(analyzer),
                spec -> Files.isRegularFile(root.resolve(spec)), advisories -> Files.exists(root.resolve(advisories)));
        Configuration configuration = parser.parseFile(text, shown);
        return new Loaded(root, configuration, taintEngine(root, configuration, shown));
    }

    /** The built-in taint specifications plus the files {@code taintSpecs} names, read and checked now. */
    private static TaintEngine taintEngine(Path root, Configuration configuration, String shown)
            throws ConfigurationException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String spec : configuration.taintSpecs()) {
            try {
                files.put(spec, Files.readString(root.resolve(spec), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigurationException(shown + ": taint specification " + spec + " cannot be read: "
                        + e.getMessage());
            }
        }
        try {
            return TaintEngine.withSpecFiles(files);
        } catch (SpecException e) {
            throw new ConfigurationException(shown + ": taint specification " + e.getMessage());
        }
    }

    /** The rule ids a configuration for {@code analyzer} may name. */
    public static List<String> ruleIds(Analyzer analyzer) {
        return analyzer.rules().stream().map(Rule::metadata).map(RuleMetadata::id).toList();
    }
}
