package dev.seclens.rules.deps;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A Maven version ordered as Maven's {@code ComparableVersion} orders it: items split at
 * {@code .}, {@code -} and digit/letter transitions, trailing zeros and release qualifiers
 * ({@code final}, {@code ga}, {@code release}) dropped, so {@code 1.0.Final == 1 == 1.0-GA}, and
 * qualifiers ordered {@code alpha < beta < milestone < rc < snapshot < (release) < sp <
 * (anything else, alphabetically)}; a letter right before a digit abbreviates ({@code 1.0b2} is
 * beta 2). Implemented here (one class) rather than taken from {@code maven-artifact}, which
 * would bring plexus-utils and commons-lang3 into the shipped jar for this one class.
 */
public final class MavenVersion implements Comparable<MavenVersion> {
    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
    private static final String RELEASE = String.valueOf(QUALIFIERS.indexOf(""));

    private final String text;
    private final ListItem items;

    private MavenVersion(String text) {
        this.text = text;
        this.items = parse(text.toLowerCase(Locale.ROOT));
    }

    public static MavenVersion of(String text) {
        return new MavenVersion(text.trim());
    }

    /** The version as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(MavenVersion other) {
        return items.compareTo(other.items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MavenVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return items.canonical().hashCode();
    }

    private static ListItem parse(String version) {
        ListItem root = new ListItem();
        ListItem list = root;
        Deque<ListItem> stack = new ArrayDeque<>();
        stack.push(list);
        boolean digits = false;
        int start = 0;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c == '.' || c == '-') {
                list.add(i == start ? new IntItem(BigInteger.ZERO) : item(digits, version.substring(start, i)));
                start = i + 1;
                if (c == '-') {
                    list = open(list, stack);
                }
            } else if (Character.isDigit(c)) {
                if (!digits && i > start) {
                    list.add(new StringItem(version.substring(start, i), true));
                    start = i;
                    list = open(list, stack);
                }
                digits = true;
            } else {
                if (digits && i > start) {
                    list.add(item(true, version.substring(start, i)));
                    start = i;
                    list = open(list, stack);
                }
                digits = false;
            }
        }
        if (version.length() > start) {
            list.add(item(digits, version.substring(start)));
        }
        while (!stack.isEmpty()) {
            stack.pop().normalize();
        }
        return root;
    }

    /** A new sub-list in {@code list}: what follows a '-' or a digit/letter change sorts within it. */
    private static ListItem open(ListItem list, Deque<ListItem> stack) {
        ListItem sub = new ListItem();
        list.add(sub);
        stack.push(sub);
        return sub;
    }

    private static Item item(boolean digits, String text) {
        return digits ? new IntItem(new BigInteger(text)) : new StringItem(text, false);
    }

    private sealed interface Item permits IntItem, StringItem, ListItem {
        /** Compared with null: the position of a missing item (1.0 against 1.0.x). */
        int compareTo(Item other);

        boolean isNull();

        String canonical();
    }

    private record IntItem(BigInteger value) implements Item {
        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return value.signum() == 0 ? 0 : 1;
            }
            return other instanceof IntItem i ? value.compareTo(i.value) : 1; // 1.1 > 1-sp > 1-1
        }

        @Override
        public boolean isNull() {
            return value.signum() == 0;
        }

        @Override
        public String canonical() {
            return value.toString();
        }
    }

    private record StringItem(String value) implements Item {
        StringItem(String value, boolean followedByDigit) {
            this(alias(value, followedByDigit));
        }

        private static String alias(String value, boolean followedByDigit) {
            if (followedByDigit && value.length() == 1) {
                switch (value.charAt(0)) {
                    case 'a': return "alpha";
                    case 'b': return "beta";
                    case 'm': return "milestone";
                    default: break;
                }
            }
            return switch (value) {
                case "ga", "final", "release" -> "";
                case "cr" -> "rc";
                default -> value;
            };
        }

        /** Known qualifiers by rank, unknown ones after all of them in alphabetical order. */
        private String comparable() {
            int index = QUALIFIERS.indexOf(value);
            return index >= 0 ? String.valueOf(index) : QUALIFIERS.size() + "-" + value;
        }

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return comparable().compareTo(RELEASE);
            }
            if (other instanceof StringItem s) {
                return comparable().compareTo(s.comparable());
            }
            return -1; // a qualifier is lower than a number or a sub-list: 1-rc < 1-1 < 1.1
        }

        @Override
        public boolean isNull() {
            return comparable().equals(RELEASE);
        }

        @Override
        public String canonical() {
            return value;
        }
    }

    private static final class ListItem implements Item {
        private final List<Item> items = new ArrayList<>();

        void add(Item item) {
            items.add(item);
        }

        /** Drops trailing null items (0, release qualifiers, empty lists) up to the last non-list item. */
        void normalize() {
            for (int i = items.size() - 1; i >= 0; i--) {
                Item last = items.get(i);
                if (last.isNull()) {
                    items.remove(i);
                } else if (!(last instanceof ListItem)) {
                    break;
                }
            }
        }

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return items.isEmpty() ? 0 : items.get(0).compareTo(null);
            }
            if (other instanceof IntItem) {
                return -1;
            }
            if (other instanceof StringItem) {
                return 1;
            }
            List<Item> right = ((ListItem) other).items;
            for (int i = 0; i < Math.max(items.size(), right.size()); i++) {
                Item l = i < items.size() ? items.get(i) : null;
                Item r = i < right.size() ? right.get(i) : null;
                int result = l == null ? (r == null ? 0 : -r.compareTo(null)) : l.compareTo(r);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        }

        @Override
        public boolean isNull() {
            return items.isEmpty();
        }

        @Override
        public String canonical() {
            StringBuilder b = new StringBuilder("(");
            for (Item item : items) {
                b.append(item.canonical()).append(item instanceof ListItem ? "" : ",");
            }
            return b.append(')').toString();
        }
    }
}
