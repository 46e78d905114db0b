package io.bitscale.core.huffman;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The 18 files of the Calgary corpus in {@code <bitscale.projectRoot>/../shared/corpora/calgary}.
 * Tests skip when it is missing, unless {@code BITSCALE_REQUIRE_CORPORA=1} makes that a failure.
 */
final class CalgaryCorpus {

    private CalgaryCorpus() {
    }

    static List<Path> files() throws IOException {
        String root = System.getProperty("bitscale.projectRoot", System.getProperty("user.dir"));
        Path directory = Path.of(root).resolve("../shared/corpora/calgary").normalize();
        if (!Files.isDirectory(directory)) {
            String message = "Calgary corpus not found at " + directory;
            if ("1".equals(System.getenv("BITSCALE_REQUIRE_CORPORA"))) {
                throw new IllegalStateException(message + " and BITSCALE_REQUIRE_CORPORA=1");
            }
            Assumptions.abort(message);
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
