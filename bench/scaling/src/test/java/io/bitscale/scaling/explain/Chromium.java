package io.bitscale.scaling.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the page tests, when one is installed ({@code $BITSCALE_CHROMIUM}, else
 * {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the path): offline,
 * sandbox off (containers), a fresh profile per run.
 */
final class Chromium {

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, if one is installed. */
    static Optional<Chromium> find() {
        String env = System.getenv("BITSCALE_CHROMIUM");
        List<String> names = env != null ? List.of(env) : List.of("chromium", "chromium-browser", "google-chrome");
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            Path direct = Path.of(name);
            if (direct.isAbsolute() && Files.isExecutable(direct)) {
                return Optional.of(new Chromium(direct));
            }
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(new Chromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM of {@code page} after its scripts ran. */
    String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
