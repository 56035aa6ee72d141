import java.nio.file.Path;
import java.io.File;

class NoImport {
    boolean inside(Path target, Path root) {
        return target.toAbsolutePath().normalize().toString().startsWith(root.toAbsolutePath().normalize().toString() + File.separator);
    }
}
