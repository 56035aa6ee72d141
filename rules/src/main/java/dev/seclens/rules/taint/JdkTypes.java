package dev.seclens.rules.taint;

import dev.seclens.rules.taint.SummaryTable.Tri;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Java platform's own classes, as the JVM running the analysis has them: whether one is a
 * subtype of another ({@code ByteArrayInputStream} of {@code InputStream}, never of {@code File}).
 * Classes are looked up by name in the platform's class loader without being initialised; nothing
 * of the scanned code is loaded. A platform class never extends a class from outside the platform.
 */
final class JdkTypes {
    private static final Map<String, Optional<Class<?>>> CLASSES = new ConcurrentHashMap<>();

    private JdkTypes() {
    }

    /**
     * YES or NO when {@code argument} is a platform class: by the platform's hierarchy when
     * {@code parameter} is one too, NO when it is not; UNKNOWN when {@code argument} is not one.
     */
    static Tri assignable(String argument, String parameter) {
        Optional<Class<?>> from = platformClass(argument);
        if (from.isEmpty()) {
            return Tri.UNKNOWN;
        }
        return platformClass(parameter).map(to -> to.isAssignableFrom(from.get()) ? Tri.YES : Tri.NO).orElse(Tri.NO);
    }

    /** Whether {@code qualifiedName} is a {@code final} platform class ({@code java.net.URL}), which nothing extends. */
    static boolean isFinalClass(String qualifiedName) {
        return platformClass(qualifiedName).filter(c -> !c.isInterface() && !c.isArray()
                && java.lang.reflect.Modifier.isFinal(c.getModifiers())).isPresent();
    }

    /** The platform class a qualified name denotes ({@code java.util.Map.Entry} is {@code Map$Entry}). */
    static Optional<Class<?>> platformClass(String qualifiedName) {
        if (!qualifiedName.startsWith("java.") && !qualifiedName.startsWith("javax.")) {
            return Optional.empty();
        }
        return CLASSES.computeIfAbsent(qualifiedName, JdkTypes::load);
    }

    private static Optional<Class<?>> load(String qualifiedName) {
        String binary = qualifiedName;
        // a member type: try Outer$Inner, then Outer$Middle$Inner, for names whose last parts start upper case
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return Optional.of(Class.forName(binary, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0 || !Character.isUpperCase(binary.charAt(binary.lastIndexOf('.', dot - 1) + 1))) {
                    return Optional.empty();
                }
                binary = binary.substring(0, dot) + "$" + binary.substring(dot + 1);
            }
        }
        return Optional.empty();
    }
}
