package io.bitscale.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that nobody ever sees half of it and nothing is lost unasked: the one
 * atomic-write helper of the project (compressed streams, snapshots, result tables, plots,
 * downloaded corpora).
 *
 * <pre>{@code
 * try (AtomicFile file = AtomicFile.create(target, false)) {   // false: refuse to replace
 *     file.stream().write(bytes);
 *     file.commit();                                            // only now does target appear
 * }                                                             // without commit: nothing changes
 * }</pre>
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>A regular target is written to a short hidden temporary name in the same directory
 *       ({@code .bitscale-XXXXXXXX.tmp}, whatever the target's length) and moved over the target
 *       on {@link #commit()}; a failure, an uncommitted {@link #close()}, or SIGTERM/SIGINT (a
 *       shutdown hook) deletes the temporary file.</li>
 *   <li>Without {@code overwrite}, an existing target is never replaced, even if it appears while
 *       writing: the commit links the new file in place, which fails if the name is taken.</li>
 *   <li>A target that exists but is not a regular file (a FIFO, a device such as
 *       {@code /dev/null}) is written into directly and never replaced; a symbolic link is
 *       followed, so the link stays and the file it names receives the data.</li>
 *   <li>The new file's permissions follow the process umask, like any file the user creates.</li>
 * </ul>
 */
public final class AtomicFile implements AutoCloseable {

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deletePending, "bitscale-partial-cleanup"));
    }

    private final Path target;
    private final Path temporary;
    private final boolean overwrite;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private AtomicFile(Path target, Path temporary, boolean overwrite, OutputStream stream) {
        this.target = target;
        this.temporary = temporary;
        this.overwrite = overwrite;
        this.stream = stream;
    }

    /**
     * Opens {@code target} for writing.
     *
     * @param overwrite whether an existing regular file may be replaced
     * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false
     * @throws FileSystemException        if the target is a directory
     * @throws IOException                if the temporary file cannot be created
     */
    public static AtomicFile create(Path target, boolean overwrite) throws IOException {
        Path resolved = followLinks(target);
        if (Files.isDirectory(resolved)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        boolean exists = Files.exists(resolved, LinkOption.NOFOLLOW_LINKS);
        if (exists && !overwrite) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists");
        }
        if (exists && !Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            // A FIFO or a device: the node is the destination, never something to replace.
            OutputStream direct = Files.newOutputStream(resolved, StandardOpenOption.WRITE);
            return new AtomicFile(resolved, null, overwrite, direct);
        }
        Path directory = resolved.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path temporary = directory.resolve(String.format(Locale.ROOT, ".bitscale-%08x.tmp",
                    ThreadLocalRandom.current().nextInt()));
            try {
                PENDING.add(temporary);
                OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new AtomicFile(resolved, temporary, overwrite, new BufferedOutputStream(out, 1 << 16));
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(temporary);
                if (attempt > 16) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                PENDING.remove(temporary);
                throw e;
            }
        }
    }

    /** Writes {@code content} to {@code target} atomically, replacing it if {@code overwrite}. */
    public static void write(Path target, byte[] content, boolean overwrite) throws IOException {
        try (AtomicFile file = create(target, overwrite)) {
            file.stream().write(content);
            file.commit();
        }
    }

    /** Writes UTF-8 text to {@code target} atomically, replacing any previous version. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The path that receives the data (the target, or the file a symbolic link names). */
    public Path target() {
        return target;
    }

    /** True if the data goes straight into an existing non-regular file (FIFO, device). */
    public boolean direct() {
        return temporary == null;
    }

    /** Where to write; buffered. Closed by {@link #commit()} or {@link #close()}. */
    public OutputStream stream() {
        return stream;
    }

    /**
     * Closes the data and puts it in place.
     *
     * @throws FileAlreadyExistsException if {@code overwrite} is false and the target appeared
     *                                    meanwhile (the new data is then discarded)
     */
    public void commit() throws IOException {
        if (closed) {
            throw new IOException("already " + (committed ? "committed" : "closed") + ": " + target);
        }
        closed = true;
        try {
            stream.close();
            if (temporary != null) {
                if (overwrite) {
                    try {
                        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    linkWithoutReplacing();
                }
            }
            committed = true;
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } finally {
                    PENDING.remove(temporary);
                }
            }
        }
    }

    /** Closes without committing: a temporary file is deleted, the target is untouched. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } finally {
                    PENDING.remove(temporary);
                }
            }
        }
    }

    /** link(2) fails if the name exists, so no file that appeared meanwhile is replaced. */
    private void linkWithoutReplacing() throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw new FileAlreadyExistsException(target.toString(), null, "appeared while writing; not replaced");
            }
            // No hard links here (some file systems): check, then move, which is the best available.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString(), null, "appeared while writing; not replaced");
            }
            Files.move(temporary, target);
        }
    }

    private static Path followLinks(Path target) throws IOException {
        Path current = target;
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops > 40) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(current);
            Path parent = current.toAbsolutePath().getParent();
            current = parent == null ? link : parent.resolve(link);
        }
        return current;
    }

    private static void deletePending() {
        for (Path path : PENDING) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException | RuntimeException ignored) {
                // Best effort while the JVM exits; nothing else can be done here.
            }
        }
    }
}
