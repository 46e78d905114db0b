package io.bitscale.cli;

import io.bitscale.core.stream.BitscaleOutputStream;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code bitscale --version}: the release, the git commit it was built from (and whether the tree
 * had uncommitted changes), the container format it writes, and the JVM it runs on.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    /** Written at build time by the git-commit-id plugin. */
    static final String GIT_PROPERTIES = "/io/bitscale/cli/git.properties";

    @Override
    public String[] getVersion() {
        String version = BitscaleCli.class.getPackage().getImplementationVersion();
        Properties git = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(GIT_PROPERTIES)) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // the version still prints, without the commit
        }
        String commit = git.getProperty("git.commit.id.abbrev", "unknown");
        if ("true".equals(git.getProperty("git.dirty"))) {
            commit += " (with uncommitted changes)";
        }
        return new String[] {"bitscale " + (version == null ? "(development build)" : version),
                "commit " + commit + (git.getProperty("git.commit.time") != null
                        ? ", " + git.getProperty("git.commit.time") : ""),
                "container format " + BitscaleOutputStream.FORMAT_VERSION,
                "JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                        + " (" + System.getProperty("java.vendor") + ")"};
    }
}
