package com.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

class Imports {
    void extract(ZipInputStream zip, Path destination) throws IOException {
        ZipEntry entry = zip.getNextEntry();
        Path target = destination.resolve(entry.getName());
        Files.copy(zip, target);
    }
}
