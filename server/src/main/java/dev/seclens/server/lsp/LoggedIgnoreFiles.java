package dev.seclens.server.lsp;

import dev.seclens.rules.IgnoreList;
import dev.seclens.rules.SourceFile;
import dev.seclens.server.IgnoreFiles;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The editor's view of ignore files: a broken one is reported once (not on every keystroke) and
 * then treated as empty, so that diagnostics keep flowing while the user repairs it.
 */
final class LoggedIgnoreFiles implements Function<SourceFile, IgnoreList> {
    private final IgnoreFiles files;
    private final ServerLog log;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    LoggedIgnoreFiles(IgnoreFiles files, ServerLog log) {
        this.files = files;
        this.log = log;
    }

    @Override
    public IgnoreList apply(SourceFile file) {
        try {
            return files.forFile(file);
        } catch (IgnoreList.InvalidIgnoreFile e) {
            if (reported.add(e.getMessage())) {
                log.alert("ignored findings are not applied: " + e.getMessage());
            }
            return IgnoreList.EMPTY;
        }
    }
}
