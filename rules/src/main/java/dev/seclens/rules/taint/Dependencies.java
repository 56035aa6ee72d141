package dev.seclens.rules.taint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The order in which files are summarised: what a file calls before the file itself. */
final class Dependencies {
    private Dependencies() {
    }

    /**
     * The strongly connected components of {@code dependsOn} (Tarjan's algorithm, without
     * recursion so that a long chain of files cannot overflow the stack), each component after
     * every component it depends on.
     */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> dependsOn) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> components = new ArrayList<>();
        int next = 0;
        // sorted, so the order (and so the summaries of files that call each other) does not depend on hashing
        for (String root : new TreeMap<>(dependsOn).keySet()) {
            if (index.containsKey(root)) continue;
            Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
            index.put(root, next);
            low.put(root, next++);
            stack.push(root);
            onStack.add(root);
            work.push(Map.entry(root, dependsOn.getOrDefault(root, Set.of()).stream().sorted().iterator()));
            while (!work.isEmpty()) {
                String node = work.peek().getKey();
                Iterator<String> edges = work.peek().getValue();
                if (edges.hasNext()) {
                    String dep = edges.next();
                    if (!dependsOn.containsKey(dep)) continue;
                    if (!index.containsKey(dep)) {
                        index.put(dep, next);
                        low.put(dep, next++);
                        stack.push(dep);
                        onStack.add(dep);
                        work.push(Map.entry(dep, dependsOn.getOrDefault(dep, Set.of()).stream().sorted().iterator()));
                    } else if (onStack.contains(dep)) {
                        low.put(node, Math.min(low.get(node), index.get(dep)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    List<String> component = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    component.sort(null);
                    components.add(component);
                }
            }
        }
        return components;
    }

    /**
     * The files of {@code dependsOn} in levels: a file after every file it depends on, files that
     * depend on each other (a strongly connected component) in one level. No file of a level
     * depends on a file of a later level.
     */
    static List<List<String>> levels(Map<String, Set<String>> dependsOn) {
        List<List<String>> components = stronglyConnected(dependsOn);
        Map<String, Integer> componentOf = new HashMap<>();
        for (int i = 0; i < components.size(); i++) {
            for (String f : components.get(i)) componentOf.put(f, i);
        }
        // components come dependencies first, so a component's level is one past its dependencies' highest
        int[] level = new int[components.size()];
        List<List<String>> levels = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            int l = 0;
            for (String f : components.get(i)) {
                for (String d : dependsOn.getOrDefault(f, Set.of())) {
                    Integer c = componentOf.get(d);
                    if (c != null && c != i) l = Math.max(l, level[c] + 1);
                }
            }
            level[i] = l;
            while (levels.size() <= l) levels.add(new ArrayList<>());
            levels.get(l).addAll(components.get(i));
        }
        return levels;
    }
}
