package dev.seclens.server.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seclens.rules.Sha256;
import dev.seclens.server.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The scan's on-disk cache, in the user's cache folder (never in the scanned tree: a repository
 * could otherwise ship entries that hide its findings, and a {@code .seclens/} folder above many
 * projects would collect all their caches), one folder per scan root: one entry per file (named
 * by a hash of its path), holding the file's findings (never a syntax tree) and the key they were
 * computed under: a hash of the file's bytes, the run key (tool build, analyzer fingerprint,
 * configuration and taint specifications), the file's ignore file, and the analyzer's per-file
 * dependency key (the cross-file summaries it uses). Any difference is a miss and the entry is
 * rewritten. Entries that do not decode (corrupt, older format) are misses too. Writes go to a
 * temporary file renamed into place; after a scan the oldest entries go when the cache is larger
 * than its bound. Nothing is written anywhere but in the cache folder.
 */
final class ScanCache {
    static final String DIRECTORY = "scan-cache";
    static final int FORMAT = 2;
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final Path directory;
    /** Where every entry must really be; set once the cache folder exists. */
    private volatile Path realDirectory;
    private final String runKey;
    private final long maxBytes;
    private final CachedOutcomes codec;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger writeFailures = new AtomicInteger();
    /**
     * When this run began, less a second for file systems that keep coarse modification times: an
     * entry read or written since is one the next scan of the same tree needs, and trimming keeps it.
     */
    private final long runStart = System.currentTimeMillis() - 1_000;

    /**
     * @param userCache the user's cache folder for SecLens ({@link UserCache#folder})
     * @param scanRoot  the folder scanned; each has its own cache folder, named by a hash of its path
     */
    ScanCache(Path userCache, Path scanRoot, String runKey, long maxBytes, CachedOutcomes codec) {
        String project = HexFormat.of().formatHex(Sha256.digest().digest(
                scanRoot.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)));
        this.directory = userCache.toAbsolutePath().normalize().resolve(DIRECTORY).resolve(project.substring(0, 24));
        this.runKey = runKey;
        this.maxBytes = maxBytes;
        this.codec = codec;
    }

    Path directory() {
        return directory;
    }

    /** The key of one file's entry: everything its findings depend on. */
    String key(String path, byte[] content, String ignoreFileKey, String dependencyKey) {
        return key(contentKey(path, content, ignoreFileKey), dependencyKey);
    }

    /**
     * What a file's entry key takes from the file itself and this run: known when the file is read,
     * while its {@linkplain #key(String, String) dependency key} is known only once the files it
     * calls are summarised.
     */
    String contentKey(String path, byte[] content, String ignoreFileKey) {
        MessageDigest digest = Sha256.digest();
        digest.update(runKey.getBytes(StandardCharsets.UTF_8));
        Sha256.update(digest, path);
        digest.update(Sha256.digest().digest(content));
        Sha256.update(digest, ignoreFileKey);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The key of one file's entry from its {@link #contentKey} and the summaries of other files it depends on. */
    String key(String contentKey, String dependencyKey) {
        MessageDigest digest = Sha256.digest();
        Sha256.update(digest, contentKey);
        Sha256.update(digest, dependencyKey);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The cached outcome of {@code path} under {@code key}, if there is a readable one. */
    Optional<FileOutcome.Scanned> get(String path, String key) {
        Path entry = entry(path);
        try {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // missing, or a link planted to make the scan touch another file
            }
            JsonObject o = JsonParser.parseString(Files.readString(entry, StandardCharsets.UTF_8)).getAsJsonObject();
            if (o.get("format").getAsInt() != FORMAT || !key.equals(o.get("key").getAsString())) {
                return Optional.empty();
            }
            FileOutcome.Scanned scanned = codec.decode(o.getAsJsonObject("outcome"));
            if (!scanned.path().equals(path)) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            hits.incrementAndGet();
            return Optional.of(scanned);
        } catch (IOException | RuntimeException | CachedOutcomes.Unreadable e) {
            return Optional.empty(); // missing or unreadable: analyse again
        }
    }

    void put(String path, String key, FileOutcome.Scanned outcome) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("key", key);
        o.add("outcome", codec.encode(outcome));
        write(entry(path), o);
    }

    /**
     * The method summaries kept for {@code path} under {@code key} (its text and this run), as
     * their JSON, the dependency key of the summaries of other files they were computed against,
     * and whether they were still changing when the scan that kept them ran out of rounds (a warm
     * scan that takes them as they are says so again, as the cold one did).
     */
    record KeptSummaries(String summaries, String against, boolean unsettled) {
    }

    Optional<KeptSummaries> getSummaries(String path, String key) {
        Path entry = summariesEntry(path);
        try {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            JsonObject o;
            try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(entry)), StandardCharsets.UTF_8)) {
                o = JsonParser.parseReader(in).getAsJsonObject();
            }
            if (o.get("format").getAsInt() != FORMAT || !key.equals(o.get("key").getAsString())) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(new KeptSummaries(o.get("summaries").getAsString(), o.get("against").getAsString(),
                    o.get("unsettled").getAsBoolean()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void putSummaries(String path, String key, KeptSummaries kept) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("key", key);
        o.addProperty("summaries", kept.summaries());
        o.addProperty("against", kept.against());
        o.addProperty("unsettled", kept.unsettled());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(o.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: never
        }
        write(summariesEntry(path), bytes.toByteArray());
    }

    private void write(Path entry, JsonObject o) {
        write(entry, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void write(Path entry, byte[] content) {
        try {
            Path real = realDirectory(); // before anything is made inside it
            Files.createDirectories(entry.getParent());
            if (!entry.getParent().toRealPath().startsWith(real)) {
                // a link in the cache folder would make the scan write elsewhere: never
                writeFailures.incrementAndGet();
                return;
            }
            AtomicFile.write(entry, content);
        } catch (IOException | RuntimeException e) {
            writeFailures.incrementAndGet(); // a cache that cannot be written only costs time
        }
    }

    /** The cache folder's real location, made if missing; every entry's folder must really lie in it. */
    private Path realDirectory() throws IOException {
        Path real = realDirectory;
        if (real == null) {
            Files.createDirectories(directory);
            real = directory.toRealPath();
            realDirectory = real;
        }
        return real;
    }

    int hits() {
        return hits.get();
    }

    int writeFailures() {
        return writeFailures.get();
    }

    /**
     * Deletes the least recently used entries until the cache is at most three quarters of its
     * bound, but never one this run read or wrote: a tree whose entries outgrow the bound (the JDK's
     * 15,000 files) would otherwise lose part of them after every scan, and each file missing from
     * the cache makes the next scan analyse it, and the files that call it, again.
     */
    void trim() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        record Entry(Path file, long size, long used) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.walk(directory, 2)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    long size = Files.size(file);
                    entries.add(new Entry(file, size, Files.getLastModifiedTime(file).toMillis()));
                    total += size;
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (total <= maxBytes) {
            return;
        }
        entries.sort(Comparator.comparingLong(Entry::used));
        for (Entry entry : entries) {
            if (total <= maxBytes / 4 * 3 || entry.used() >= runStart) {
                break;
            }
            try {
                Files.deleteIfExists(entry.file());
                total -= entry.size();
            } catch (IOException e) {
                // left for the next trim
            }
        }
    }

    private Path summariesEntry(String path) {
        Path outcome = entry(path);
        return outcome.resolveSibling(outcome.getFileName().toString().replace(".json", ".summaries.json.gz"));
    }

    private Path entry(String path) {
        String name = HexFormat.of().formatHex(Sha256.digest().digest(path.getBytes(StandardCharsets.UTF_8)));
        return directory.resolve(name.substring(0, 2)).resolve(name + ".json");
    }

}
