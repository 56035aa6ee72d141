import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

class Guard {
    boolean canonical(File file, File base) throws IOException {
        return file.getCanonicalPath().startsWith(base.getCanonicalPath());
    }

    boolean local(File file, File base) throws IOException {
        String root = base.getAbsolutePath();
        return file.getAbsolutePath().startsWith(root);
    }

    boolean constant(File file) throws IOException {
        return file.getCanonicalPath().startsWith("/srv/app");
    }

    boolean pathText(Path target, Path root) {
        return target.normalize().toString().startsWith(root.toString());
    }
}
