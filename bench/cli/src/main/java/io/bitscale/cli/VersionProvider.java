package io.bitscale.cli;

import picocli.CommandLine;

/** Reports the bitscale version from the jar manifest, plus the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BitscaleCli.class.getPackage().getImplementationVersion();
        return new String[] {"bitscale " + (version == null ? "development build" : version),
                "JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
    }
}
