package io.bitscale.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that the user never sees a partial result and never loses an existing file
 * unasked: data goes to a hidden temporary file beside the target, which replaces the target only
 * on {@link #commit()}. Closing without committing deletes the temporary file.
 */
final class SafeOutput implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final boolean force;
    private final OutputStream stream;
    private boolean committed;

    private SafeOutput(Path target, boolean force) throws IOException {
        this.target = target;
        this.force = force;
        Path directory = target.toAbsolutePath().getParent();
        this.temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
        this.stream = Files.newOutputStream(temporary);
    }

    /**
     * Opens a safe output for {@code target}.
     *
     * @throws UsageException if the target exists and {@code force} is false, or is a directory
     */
    static SafeOutput open(Path target, boolean force) throws IOException {
        if (Files.isDirectory(target)) {
            throw new UsageException("output " + target + " is a directory");
        }
        if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("output " + target + " already exists; use --force to overwrite it");
        }
        return new SafeOutput(target, force);
    }

    OutputStream stream() {
        return stream;
    }

    /** Closes the data and moves it into place. */
    void commit() throws IOException {
        stream.close();
        if (!force && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "appeared while writing; not overwritten");
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                stream.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
