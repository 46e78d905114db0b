package io.bitscale.corpora;

import java.io.BufferedInputStream;
import io.bitscale.core.io.AtomicFile;
import io.bitscale.core.io.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Downloads corpus files from their canonical URLs (see {@link CorpusEntry#url()}) into a
 * corpus root laid out like {@code ../shared/corpora}: {@code <targetDir>/<name>}.
 *
 * <p>Each distinct URL is downloaded once: {@code .tar.gz}/{@code .tgz}, {@code .tar} and
 * {@code .zip} archives are unpacked as they stream in, and a member becomes the manifest file
 * whose last path component equals the member's file name ({@code book1} in
 * {@code calgary.tar.gz} becomes {@code calgary/book1}); any other URL is the file itself.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>a file already present that matches its manifest size and SHA-256 is never
 *       overwritten, and its URL is not downloaded if nothing else is needed from it;</li>
 *   <li>every written file has been checked against the manifest size and SHA-256 (for an
 *       entry without a published checksum only the size, and the progress line says
 *       "no published checksum; recorded SHA-256 = ...");</li>
 *   <li>files are written to a temporary file in the target directory and moved into place,
 *       so a target path holds either a complete verified file or nothing new;</li>
 *   <li>a network failure, a checksum mismatch or a file missing from its archive ends the
 *       fetch with an {@link IOException} whose message names the file, the URL and the fix.</li>
 * </ul>
 * Instances are stateless apart from their collaborators and may be reused.
 */
public final class CorpusFetcher {

    /** Opens a URL for reading; the default uses {@link HttpClient}, tests pass a local one. */
    @FunctionalInterface
    public interface Opener {
        /** Returns the body at {@code uri}; the caller closes it. */
        InputStream open(URI uri) throws IOException;
    }

    /** Connection timeout of the default HTTP opener. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed until response headers arrive (the body may take longer). */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final CorpusManifest manifest;
    private final Opener opener;
    private final PrintStream progress;

    /** A fetcher that downloads over HTTP(S) with {@link #httpOpener()}. */
    public CorpusFetcher(CorpusManifest manifest, PrintStream progress) {
        this(manifest, httpOpener(), progress);
    }

    /**
     * @param manifest the files and checksums
     * @param opener   opens each URL (inject a local one to test without a network)
     * @param progress receives one line per download and per file
     */
    public CorpusFetcher(CorpusManifest manifest, Opener opener, PrintStream progress) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * The default opener: {@code java.net.http.HttpClient} with a 10 s connect timeout,
     * following redirects (except HTTPS to HTTP), failing on any status other than 200.
     * {@code file:} URIs are read directly, so a local mirror works too.
     */
    public static Opener httpOpener() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return uri -> {
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                return Files.newInputStream(Path.of(uri));
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(RESPONSE_TIMEOUT)
                    .header("User-Agent", "bitscale-corpus-fetcher")
                    .GET()
                    .build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to " + uri);
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode() + " from " + uri);
            }
            return response.body();
        };
    }

    /**
     * Fetches every file of the given sets (e.g. {@code canterbury}, {@code calgary},
     * {@code large}) into {@code targetDir}.
     *
     * @return the files, in manifest order of the sets as given
     * @throws IllegalArgumentException if a set is not in the manifest
     * @throws IOException              on network failure, checksum mismatch or a missing archive member
     */
    public List<Path> fetch(Collection<String> sets, Path targetDir) throws IOException {
        List<CorpusEntry> entries = new ArrayList<>();
        for (String set : new LinkedHashSet<>(sets)) {
            List<CorpusEntry> files = manifest.set(set);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("unknown corpus set '" + set + "'; sets are "
                        + String.join(", ", manifest.sets()));
            }
            entries.addAll(files);
        }
        return fetchEntries(entries, targetDir);
    }

    /**
     * The URL scheme of files that are built rather than downloaded ({@code recipe:corpora/fetch.sh}):
     * the tuning-set files cut from other corpora or extracted from Debian packages. This
     * fetcher refuses them with the command that builds them.
     */
    public static final String RECIPE_SCHEME = "recipe";

    /**
     * Fetches the given manifest entries into {@code targetDir}.
     *
     * @return the files {@code targetDir/<name>}, in the order given
     */
    public List<Path> fetchEntries(Collection<CorpusEntry> entries, Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        Map<URI, List<CorpusEntry>> byUrl = new LinkedHashMap<>();
        List<Path> result = new ArrayList<>();
        for (CorpusEntry e : entries) {
            Path target = targetDir.resolve(e.name());
            result.add(target);
            if (e.matches(target)) {
                progress.println("ok     " + e.name() + "  (already present, verified)");
            } else {
                byUrl.computeIfAbsent(e.url(), u -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<URI, List<CorpusEntry>> download : byUrl.entrySet()) {
            if (RECIPE_SCHEME.equals(download.getKey().getScheme())) {
                List<String> names = download.getValue().stream().map(CorpusEntry::name).toList();
                throw new IOException(String.join(", ", names) + " cannot be downloaded as is: built by "
                        + download.getKey().getSchemeSpecificPart() + " (run corpora/fetch.sh "
                        + download.getValue().get(0).set() + ", then point BITSCALE_CORPORA at its directory)");
            }
            fetchUrl(download.getKey(), download.getValue(), targetDir);
        }
        return List.copyOf(result);
    }

    private void fetchUrl(URI url, List<CorpusEntry> wanted, Path targetDir) throws IOException {
        progress.println("fetch  " + url + "  (" + wanted.size() + (wanted.size() == 1 ? " file)" : " files)"));
        // Members are matched by file name; the first member with a wanted name wins.
        Map<String, CorpusEntry> pending = new LinkedHashMap<>();
        for (CorpusEntry e : wanted) {
            pending.putIfAbsent(e.fileName(), e);
        }
        if (pending.size() != wanted.size()) {
            throw new IOException("manifest maps two files with the same file name to " + url);
        }
        try (InputStream raw = opener.open(url); InputStream body = new BufferedInputStream(raw, (1 << 16))) {
            Format format = Format.of(url);
            if (format == Format.RAW) {
                // A plain URL is the file itself; every entry that names it gets its bytes.
                CorpusEntry first = wanted.get(0);
                install(body, first, targetDir, url);
                for (CorpusEntry other : wanted.subList(1, wanted.size())) {
                    try (InputStream copy = Files.newInputStream(targetDir.resolve(first.name()))) {
                        install(copy, other, targetDir, url);
                    }
                }
                return;
            }
            try (ArchiveInputStream<? extends ArchiveEntry> archive = format.open(body)) {
                for (ArchiveEntry member; !pending.isEmpty() && (member = archive.getNextEntry()) != null; ) {
                    if (member.isDirectory() || !archive.canReadEntryData(member)) {
                        continue;
                    }
                    CorpusEntry entry = pending.remove(baseName(member.getName()));
                    if (entry != null) {
                        install(archive, entry, targetDir, url);
                    }
                }
            }
        } catch (Mismatch e) {
            throw e;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("could not fetch " + url + ": " + e
                    + ". Check the network connection, or fetch the files elsewhere (corpora/fetch.sh)"
                    + " and pass --corpora DIR.", e);
        }
        if (!pending.isEmpty()) {
            throw new Mismatch(url + " does not contain " + String.join(", ",
                    pending.values().stream().map(CorpusEntry::name).toList())
                    + " (looked for members named " + String.join(", ", pending.keySet()) + ")");
        }
    }

    /**
     * Streams {@code in} to a temporary file next to the target while hashing it, checks size
     * and SHA-256, then moves it into place. Stops reading as soon as the size is exceeded so a
     * wrong URL cannot fill the disk.
     */
    private void install(InputStream in, CorpusEntry entry, Path targetDir, URI url) throws IOException {
        Path target = targetDir.resolve(entry.name());
        Files.createDirectories(target.getParent());
        try (AtomicFile file = AtomicFile.create(target, true)) {
            MessageDigest md = Sha256.newDigest();
            long size = 0;
            byte[] buffer = new byte[1 << 16];
            OutputStream out = file.stream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > entry.bytes()) {
                    break;
                }
                md.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            String actual = Sha256.hex(md.digest());
            if (size != entry.bytes() || (entry.sha256() != null && !entry.sha256().equals(actual))) {
                throw new Mismatch("checksum mismatch for " + entry.name() + " from " + url
                        + ": expected " + entry.bytes() + " bytes, sha256 " + Objects.requireNonNullElse(entry.sha256(), "-")
                        + "; got " + (size > entry.bytes() ? "more than " + entry.bytes() : String.valueOf(size))
                        + " bytes" + (size > entry.bytes() ? "" : ", sha256 " + actual)
                        + ". The download is corrupt or the source changed; " + target + " was not written.");
            }
            file.commit();
            progress.println("ok     " + entry.name() + "  (" + entry.bytes() + " bytes, "
                    + (entry.sha256() != null ? "sha256 verified)" : "no published checksum; recorded SHA-256 = " + actual + ")"));
        }
    }

    private static String baseName(String memberName) {
        String n = memberName.replace('\\', '/');
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** Container format, decided by the URL's path suffix. */
    private enum Format {
        TAR_GZ, TAR, ZIP, RAW;

        static Format of(URI url) {
            String path = Objects.requireNonNullElse(url.getPath(), "").toLowerCase(Locale.ROOT);
            if (path.endsWith(".tar.gz") || path.endsWith(".tgz")) {
                return TAR_GZ;
            }
            if (path.endsWith(".tar")) {
                return TAR;
            }
            if (path.endsWith(".zip")) {
                return ZIP;
            }
            return RAW;
        }

        ArchiveInputStream<? extends ArchiveEntry> open(InputStream in) throws IOException {
            return switch (this) {
                // decompressConcatenated: some gzip tools emit multi-member files.
                case TAR_GZ -> new TarArchiveInputStream(new GzipCompressorInputStream(in, true));
                case TAR -> new TarArchiveInputStream(in);
                // Streaming read; the last flag accepts STORED members with data descriptors.
                case ZIP -> new ZipArchiveInputStream(in, "UTF-8", true, true);
                case RAW -> throw new IllegalStateException("not an archive");
            };
        }
    }

    /** A verification failure; kept distinct so it is not reworded as a network error. */
    private static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }
}
