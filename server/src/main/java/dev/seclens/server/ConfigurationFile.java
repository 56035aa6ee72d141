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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            return configured.withTaint(taintEngine, () -> SummaryTable.EMPTY)
                    .withBuildFiles(AdvisoryFiles.readingBuildFiles(buildFiles(unconfigured.buildFiles()), workingDirectory));
        }

        /** {@code base} with the configuration's advisories added; a missing path is one of their problems. */
        private BuildFileAnalyzer buildFiles(BuildFileAnalyzer base) {
            if (configuration.advisories().isEmpty()) {
                return base;
            }
            List<Path> paths = configuration.advisories().stream().map(root::resolve).toList();
            try {
                return base.withAdvisories(AdvisoryFiles.add(base.advisories(), paths, root, Optional.of(root)));
            } catch (NoSuchFileException e) {
                return base.withAdvisories(base.advisories().withProblems(List.of(e.getFile() + ": no such file or folder")));
            }
        }
    }

    /**
     * A repository's configuration: the file, after symbolic links, must lie in its own folder, as
     * must every file it names.
     *
     * @param shown how to name the file in messages
     * @throws ConfigurationException with a one-line message: the file, where in it, what is wrong
     */
    public static Loaded load(Path file, String shown, Analyzer analyzer) throws ConfigurationException {
        Path absolute = file.toAbsolutePath().normalize();
        return load(absolute, shown, analyzer, Optional.of(absolute.getParent()));
    }

    /**
     * A configuration the user named ({@code --config}): read wherever it is, but the files it names
     * must lie under its folder.
     */
    public static Loaded loadNamed(Path file, String shown, Analyzer analyzer) throws ConfigurationException {
        return load(file.toAbsolutePath().normalize(), shown, analyzer, Optional.empty());
    }

    private static Loaded load(Path absolute, String shown, Analyzer analyzer, Optional<Path> within)
            throws ConfigurationException {
        Path root = absolute.getParent();
        String text;
        try {
            text = UserFiles.readText(absolute, shown, UserFiles.MAX_SETTINGS_FILE, within);
        } catch (UserFiles.Refused e) {
            throw new ConfigurationException(e.getMessage());
        }
        ConfigurationParser parser = new ConfigurationParser(ruleIds(analyzer),
                // whether a file named exists; that it is a regular file inside the folder is checked when it is read
                spec -> Files.exists(root.resolve(spec)), advisories -> Files.exists(root.resolve(advisories)));
        Configuration configuration = parser.parseFile(text, shown);
        return new Loaded(root, configuration, taintEngine(root, configuration, shown));
    }

    /** The built-in taint specifications plus the files {@code taintSpecs} names, read and checked now. */
    private static TaintEngine taintEngine(Path root, Configuration configuration, String shown)
            throws ConfigurationException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String spec : configuration.taintSpecs()) {
            try {
                files.put(spec, UserFiles.readText(root.resolve(spec), spec, UserFiles.MAX_SETTINGS_FILE,
                        Optional.of(root)));
            } catch (UserFiles.Refused e) {
                throw new ConfigurationException(shown + ": taint specification " + e.getMessage());
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
