package io.bitscale.model.fuzz;

import io.bitscale.core.stream.BitscaleException;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.model.Models;
import io.bitscale.model.neural.InvalidSnapshotException;
import io.bitscale.model.neural.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every crafted input of the hardening table, through the library with default options: a
 * typed {@link BitscaleException} (or, for concatenated streams, the right bytes), in bounded
 * time and bounded allocation — the regression tests for the attacks docs/hardening.md lists.
 */
class CraftedInputsTest {

    private static final long MAX_NANOS = 5_000_000_000L;
    private static final long MAX_ALLOCATED = 256L << 20;

    static List<CraftedInputs.Crafted> crafted() {
        return CraftedInputs.all();
    }

    @ParameterizedTest
    @MethodSource("crafted")
    void isRefusedQuicklyWithATypedErrorAndLittleMemory(CraftedInputs.Crafted crafted) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        if (crafted.kind().equals("snapshot")) {
            assertThatThrownBy(() -> Snapshot.read(crafted.bytes())).as(crafted.what())
                    .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining(crafted.message());
        } else if (crafted.exitCode() == 0) {
            try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(crafted.bytes()), Models.registry())) {
                byte[] text = "concatenated streams decode one after the other\n".getBytes();
                byte[] both = new byte[2 * text.length];
                System.arraycopy(text, 0, both, 0, text.length);
                System.arraycopy(text, 0, both, text.length, text.length);
                assertThat(in.readAllBytes()).isEqualTo(both);
            }
        } else {
            assertThatThrownBy(() -> {
                try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(crafted.bytes()), Models.registry())) {
                    in.readAllBytes();
                }
            }).as(crafted.what()).isInstanceOf(BitscaleException.class).hasMessageContaining(crafted.message())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        }
        long nanos = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(nanos).as("time for %s", crafted.what()).isLessThan(MAX_NANOS);
        assertThat(allocated).as("bytes allocated for %s", crafted.what()).isLessThan(MAX_ALLOCATED);
    }
}
