package dev.seclens.rules.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resolved dependencies Maven prints with {@code mvn dependency:tree -DoutputFile=dependency-tree.txt}:
 * one artifact a line, {@code group:artifact:type[:classifier]:version[:scope]}, indented three
 * characters a level with {@code +- }, {@code \- }, {@code |  } or spaces. Gives each transitive
 * artifact with the direct dependency that brings it in. Lines that are not artifacts (Maven's
 * {@code [INFO]} prefixes are accepted) are skipped; a file holding several modules' trees is read
 * as one tree per root.
 */
final class DependencyTree {
    /** Where Maven is asked to write the tree, beside the pom. */
    static final String FILE_NAME = "dependency-tree.txt";

    /**
     * A transitive artifact.
     *
     * @param path the artifacts from the direct dependency down to this one, as {@code group:artifact}
     */
    record Transitive(String root, String direct, String packageName, String version, boolean testOnly, List<String> path) {
    }

    private record Node(int depth, String packageName, String version, String scope) {
    }

    private DependencyTree() {
    }

    /** The transitive artifacts (depth 2 and more) under every root. */
    static List<Transitive> read(String text) {
        List<Transitive> result = new ArrayList<>();
        List<Node> ancestors = new ArrayList<>();
        for (String rawLine : text.split("\r\n|\r|\n")) {
            Optional<Node> parsed = node(rawLine.startsWith("[INFO] ") ? rawLine.substring(7) : rawLine);
            if (parsed.isEmpty()) {
                continue;
            }
            Node node = parsed.get();
            while (ancestors.size() > node.depth()) {
                ancestors.remove(ancestors.size() - 1);
            }
            if (ancestors.size() != node.depth()) {
                continue; // an indentation jump: not a tree Maven wrote
            }
            ancestors.add(node);
            if (node.depth() >= 2) {
                List<String> path = ancestors.subList(1, ancestors.size()).stream().map(Node::packageName).toList();
                boolean test = ancestors.subList(1, ancestors.size()).stream().anyMatch(a -> a.scope().equals("test"));
                result.add(new Transitive(ancestors.get(0).packageName(), ancestors.get(1).packageName(),
                        node.packageName(), node.version(), test, List.copyOf(path)));
            }
        }
        return result;
    }

    private static Optional<Node> node(String line) {
        int at = 0;
        while (at + 3 <= line.length() && isIndent(line.substring(at, at + 3))) {
            at += 3;
        }
        String rest = line.substring(at);
        int space = rest.indexOf(' ');
        String coordinates = space < 0 ? rest : rest.substring(0, space);
        String[] parts = coordinates.split(":", -1);
        if (parts.length < 4 || parts.length > 6 || List.of(parts).stream().anyMatch(String::isBlank)) {
            return Optional.empty();
        }
        int depth = at / 3;
        // the root has no scope: g:a:type:version (or with a classifier)
        boolean scoped = depth > 0 && parts.length >= 5;
        String version = parts[scoped ? parts.length - 2 : parts.length - 1];
        String scope = scoped ? parts[parts.length - 1] : "";
        return Optional.of(new Node(depth, parts[0] + ":" + parts[1], version, scope));
    }

    private static boolean isIndent(String three) {
        return three.equals("+- ") || three.equals("\\- ") || three.equals("|  ") || three.equals("   ");
    }
}
