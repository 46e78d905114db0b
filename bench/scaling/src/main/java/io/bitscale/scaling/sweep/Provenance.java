package io.bitscale.scaling.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where a measurement came from: the JVM and the git revision of the code. The revision is the
 * environment variable {@value #ENV_VAR} if set (for clusters without git or a work tree), else
 * {@code git rev-parse HEAD} in the project root with {@code -dirty} appended when tracked files
 * have uncommitted changes, else {@code unknown}.
 *
 * @param jvm         {@code java.vm.name} and {@code java.version}
 * @param gitRevision the revision
 */
public record Provenance(String jvm, String gitRevision) {

    /** Overrides the git revision. */
    public static final String ENV_VAR = "BITSCALE_GIT_REVISION";

    /** The provenance of this process, run from {@code projectRoot}. */
    public static Provenance detect(Path projectRoot) {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
        String env = System.getenv(ENV_VAR);
        if (env != null && !env.isBlank()) {
            return new Provenance(jvm, env.strip());
        }
        String head = git(projectRoot, "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return new Provenance(jvm, "unknown");
        }
        String status = git(projectRoot, "status", "--porcelain", "--untracked-files=no");
        return new Provenance(jvm, head.strip() + (status != null && !status.isBlank() ? "-dirty" : ""));
    }

    private static String git(Path directory, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
