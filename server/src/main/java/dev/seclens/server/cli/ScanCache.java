package dev.seclens.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import dev.seclens.rules.Sha256;
import dev.seclens.rules.taint.ShownFiles;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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
 * rewritten. Beside it, the file's method summaries, keyed by its bytes and the run; and for the
 * whole folder a {@link Manifest} of every file's summaries entry. Entries that do not decode
 * (corrupt, older format) are misses too. Writes go to a
 * temporary file renamed into place; after a scan the oldest entries go when the cache is larger
 * than its bound. Nothing is written anywhere but in the cache folder.
 */
final class ScanCache {
    static final String DIRECTORY = "scan-cache";
    static final int FORMAT = 4;
    /** The {@link Manifest}'s file, beside the entries' folders. */
    static final String MANIFEST = "manifest.json.gz";
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final Path directory;
    /** Where every entry must really be; set once the cache folder exists. */
    private volatile Path realDirectory;
    private final String runKey;
    private final long maxBytes;
    private final CachedOutcomes codec;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger writeFailures = new AtomicInteger();
    private final AtomicInteger summariesRead = new AtomicInteger();
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
     * whether they were still changing when the scan that kept them ran out of rounds (a warm
     * scan that takes them as they are says so again, as the cold one did), and the token that
     * this one write of them was given, by which a {@link Manifest} names the entry it describes;
     * and the files whose positions the results of the file show ({@link ShownFiles}), of which the
     * dependency key takes the lines and steps.
     */
    record KeptSummaries(String token, String summaries, String against, boolean unsettled, Set<String> shown) {
    }

    /** What the {@linkplain #summariesHead head} of a summaries entry says, without its summaries. */
    record SummariesHead(String token, String against, boolean unsettled) {
    }

    /**
     * The head of the summaries entry of {@code path} under {@code key}: read without inflating or
     * parsing the summaries that follow it, which are most of the entry, so that a warm scan that
     * needs none of them (every file's findings come from the cache) pays for a few hundred bytes
     * per file, not for the decoding of every summary of the tree.
     */
    Optional<SummariesHead> summariesHead(String path, String key) {
        Path entry = summariesEntry(path);
        try {
            if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Integer format = null;
            String stored = null;
            String token = null;
            String against = null;
            Boolean unsettled = null;
            try (JsonReader in = new JsonReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(entry)),
                    StandardCharsets.UTF_8))) {
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (name.equals("summaries")) {
                        break; // written last: what comes before is the whole head
                    }
                    switch (name) {
                        case "format" -> format = in.nextInt();
                        case "key" -> stored = in.nextString();
                        case "token" -> token = in.nextString();
                        case "against" -> against = in.nextString();
                        case "unsettled" -> unsettled = in.nextBoolean();
                        default -> in.skipValue();
                    }
                }
            }
            if (format == null || format != FORMAT || !key.equals(stored) || token == null || against == null
                    || unsettled == null) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(new SummariesHead(token, against, unsettled));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<KeptSummaries> getSummaries(String path, String key) {
        Path entry = summariesEntry(path);
        try {
            Optional<JsonObject> read = gzippedObject(entry);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            JsonObject o = read.get();
            if (o.get("format").getAsInt() != FORMAT || !key.equals(o.get("key").getAsString())) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            summariesRead.incrementAndGet();
            Set<String> shown = new HashSet<>();
            o.get("shown").getAsJsonArray().forEach(file -> shown.add(file.getAsString()));
            return Optional.of(new KeptSummaries(o.get("token").getAsString(), o.get("summaries").getAsString(),
                    o.get("against").getAsString(), o.get("unsettled").getAsBoolean(), Set.copyOf(shown)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The JSON object a gzipped entry holds; empty when there is no such regular file (never a link). */
    private static Optional<JsonObject> gzippedObject(Path entry) throws IOException {
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(entry)), StandardCharsets.UTF_8)) {
            return Optional.of(JsonParser.parseReader(in).getAsJsonObject());
        }
    }

    /**
     * Keeps {@code summaries} for {@code path} under {@code key}; returns the token this write gave
     * them, or nothing when the entry could not be written.
     */
    Optional<String> putSummaries(String path, String key, String summaries, String against, boolean unsettled,
                                  Set<String> shown) {
        String token = UUID.randomUUID().toString();
        JsonObject o = new JsonObject();
        // the head first, the summaries last: summariesHead stops reading where they begin
        o.addProperty("format", FORMAT);
        o.addProperty("key", key);
        o.addProperty("token", token);
        o.addProperty("against", against);
        o.addProperty("unsettled", unsettled);
        JsonArray files = new JsonArray();
        new TreeSet<>(shown).forEach(files::add);
        o.add("shown", files);
        o.addProperty("summaries", summaries);
        return write(summariesEntry(path), gzip(o)) ? Optional.of(token) : Optional.empty();
    }

    /**
     * What a scan that kept every file's summaries left, for the next scan of the same files to
     * take every file's findings from the cache without decoding any summary: each Java file's
     * summaries entry (by its {@linkplain KeptSummaries#token token}) with the whole dependency key
     * those summaries, all together, give it; and the key of each mapper XML file's text, whose
     * statements are part of them. While the files are these and each entry is still the one
     * named, the summaries a scan would decode are exactly these, so each file's dependency key is
     * the one written here.
     */
    record Manifest(Map<String, Listed> files, Map<String, String> mappers) {
        record Listed(String token, String dependencyKey) {
        }
    }

    Optional<Manifest> getManifest() {
        Path entry = directory.resolve(MANIFEST);
        try {
            Optional<JsonObject> read = gzippedObject(entry);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            JsonObject o = read.get();
            if (o.get("format").getAsInt() != FORMAT || !runKey.equals(o.get("run").getAsString())) {
                return Optional.empty();
            }
            Map<String, Manifest.Listed> files = new HashMap<>();
            o.getAsJsonObject("files").entrySet().forEach(e -> {
                JsonArray listed = e.getValue().getAsJsonArray();
                files.put(e.getKey(), new Manifest.Listed(listed.get(0).getAsString(), listed.get(1).getAsString()));
            });
            Map<String, String> mappers = new HashMap<>();
            o.getAsJsonObject("mappers").entrySet().forEach(e -> mappers.put(e.getKey(), e.getValue().getAsString()));
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(new Manifest(files, mappers));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void putManifest(Manifest manifest) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("run", runKey);
        JsonObject files = new JsonObject();
        manifest.files().forEach((path, listed) -> {
            JsonArray a = new JsonArray();
            a.add(listed.token());
            a.add(listed.dependencyKey());
            files.add(path, a);
        });
        o.add("files", files);
        JsonObject mappers = new JsonObject();
        manifest.mappers().forEach(mappers::addProperty);
        o.add("mappers", mappers);
        write(directory.resolve(MANIFEST), gzip(o));
    }

    /** How many summaries entries were read whole (their summaries to decode) since this cache was made. */
    int summariesRead() {
        return summariesRead.get();
    }

    private static byte[] gzip(JsonObject o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(o.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: never
        }
        return bytes.toByteArray();
    }

    private void write(Path entry, JsonObject o) {
        write(entry, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code entry}; returns whether it was written. */
    private boolean write(Path entry, byte[] content) {
        try {
            Path real = realDirectory(); // before anything is made inside it
            Files.createDirectories(entry.getParent());
            if (!entry.getParent().toRealPath().startsWith(real)) {
                // a link in the cache folder would make the scan write elsewhere: never
                writeFailures.incrementAndGet();
                return false;
            }
            AtomicFile.write(entry, content);
            return true;
        } catch (IOException | RuntimeException e) {
            writeFailures.incrementAndGet(); // a cache that cannot be written only costs time
            return false;
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
