package io.bitscale.cli;

import io.bitscale.core.io.AtomicFile;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@code compress} and {@code decompress} read and write: a file, or standard input and
 * output ({@code -} and {@code -c}), or nothing at all ({@code -t}). Files are written through
 * {@link AtomicFile}: a regular target appears whole or not at all and is replaced only with
 * {@code --force}; a FIFO, a device or a symbolic link is written into and left in place.
 */
final class Endpoints {

    private Endpoints() {
    }

    /** The path {@code -}, which means standard input or output. */
    static boolean isStandardStream(Path path) {
        return path != null && path.toString().equals("-");
    }

    /** An input: a file or standard input. */
    record Input(Path file, String label) {

        static Input of(Path path) throws IOException {
            if (isStandardStream(path)) {
                return new Input(null, "(stdin)");
            }
            if (Files.isDirectory(path)) {
                throw new UsageException(path + " is a directory");
            }
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString());
            }
            return new Input(path, path.toString());
        }

        boolean standardInput() {
            return file == null;
        }

        /** The size if known (a regular file), else -1. */
        long size() throws IOException {
            return file != null && Files.isRegularFile(file) ? Files.size(file) : -1;
        }

        /** The bytes; standard input is never closed by the stream returned. */
        InputStream open() throws IOException {
            if (file == null) {
                return new FilterInputStream(System.in) {
                    @Override
                    public void close() {
                        // standard input stays open for the process
                    }
                };
            }
            return Files.newInputStream(file);
        }
    }

    /** An output: a file, standard output, or nothing. */
    static final class Output implements AutoCloseable {
        private final AtomicFile file;
        private final OutputStream stream;
        private final String label;

        private Output(AtomicFile file, OutputStream stream, String label) {
            this.file = file;
            this.stream = stream;
            this.label = label;
        }

        /** Standard output, flushed at the end and never closed. */
        static Output standardOutput() {
            return new Output(null, new FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, "(stdout)");
        }

        /** Nothing is written ({@code --test}). */
        static Output discard() {
            return new Output(null, OutputStream.nullOutputStream(), "(tested, not written)");
        }

        /**
         * A file, written atomically.
         *
         * @throws UsageException if it exists and {@code force} is off, or is a directory
         */
        static Output file(Path target, boolean force) throws IOException {
            try {
                AtomicFile file = AtomicFile.create(target, force);
                return new Output(file, file.stream(), target.toString());
            } catch (FileAlreadyExistsException e) {
                throw new UsageException("output " + target + " already exists; use --force to overwrite it");
            } catch (FileSystemException e) {
                if ("is a directory".equals(e.getReason())) {
                    throw new UsageException("output " + target + " is a directory");
                }
                throw e;
            }
        }

        OutputStream stream() {
            return stream;
        }

        String label() {
            return label;
        }

        /** Puts the data in place (a file appears now) or flushes standard output. */
        void commit() throws IOException {
            if (file != null) {
                file.commit();
            } else {
                stream.flush();
            }
        }

        /** Without a commit: a file's temporary data is removed and the target is untouched. */
        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }
}
