package io.colorstream.quality;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Finding, reading and writing still images (JPEG and PNG) with clear errors. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Whether the name ends in .jpg, .jpeg or .png (any case). */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    /** The jpg/jpeg/png files directly inside {@code dir}, sorted by name. */
    public static List<Path> listImages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().toList();
        }
    }

    /** Reads an image as 8-bit sRGB. */
    public static RgbImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such image file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("cannot read image " + file + ": not a JPEG or PNG ImageIO can decode");
        }
        return RgbImage.fromBufferedImage(image);
    }

    /** File name without its extension: {@code photo.jpeg} → {@code photo}. */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Writes a PNG through a temporary file and a rename, so a reader never sees half a file. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        writePng(image.toBufferedImage(), file);
    }

    static void writePng(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + file);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes text through a temporary file and a rename. */
    static void writeText(String text, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
