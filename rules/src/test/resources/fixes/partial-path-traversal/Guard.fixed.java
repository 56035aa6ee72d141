import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

class Guard {
    boolean canonical(File file, File base) throws IOException {
        return file.getCanonicalPath().startsWith(base.getCanonicalPath() + File.separator);
    }

    boolean local(File file, File base) throws IOException {
        String root = base.getAbsolutePath();
        return file.getAbsolutePath().startsWith(root + File.separator);
    }

    boolean constant(File file) throws IOException {
        return file.getCanonicalPath().startsWith("/srv/app" + File.separator);
    }

    boolean pathText(Path target, Path root) {
        return target.normalize().toString().startsWith(root.toString() + File.separator);
    }
}
