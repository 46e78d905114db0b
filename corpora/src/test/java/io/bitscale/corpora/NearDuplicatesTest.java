package io.bitscale.corpora;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The repeat rule of {@link NearDuplicates}, one clause at a time. */
class NearDuplicatesTest {

    private static final String LICENCE = "This eBook is for the use of anyone anywhere at no cost and with";

    /** A line of {@code length} bytes unique to {@code tag}. */
    private static String line(String tag, int length) {
        StringBuilder line = new StringBuilder(tag).append(':');
        while (line.length() < length) {
            line.append((char) ('a' + line.length() % 26));
        }
        return line.substring(0, length);
    }

    private static boolean[] keep(List<String> units) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int[] starts = new int[units.size()];
        for (int i = 0; i < units.size(); i++) {
            starts[i] = data.size();
            data.writeBytes(units.get(i).getBytes(StandardCharsets.ISO_8859_1));
        }
        return NearDuplicates.keep(data.toByteArray(), starts);
    }

    @Test
    void aUnitThatRepeatsHalfOfAnEarlierOneIsDroppedAndTheFirstCopyStays() {
        String a = line("a1", 60) + "\n" + line("a2", 60) + "\n";
        String b = line("b1", 60) + "\n";
        String half = line("a1", 60) + "\n" + line("c1", 60) + "\n";       // exactly half repeated
        String less = line("a2", 60) + "\n" + line("d1", 61) + "\n";       // just under half
        assertThat(keep(List.of(a, b, a, half, less))).containsExactly(true, true, false, false, true);
    }

    @Test
    void trimmedLinesCompareEqualAndShortLinesAreNotCompared() {
        String a = line("a1", 40) + "\n" + "Chapter I\n";
        String reflowed = "   " + line("a1", 40) + " \r\n" + "Chapter I\n" + "Chapter II\n";
        String shortOnly = "Chapter I\nThe End\n";
        assertThat(keep(List.of(a, reflowed, shortOnly))).containsExactly(true, false, true);
        String under = line("u", NearDuplicates.MIN_LINE_BYTES - 1) + "\n";
        assertThat(keep(List.of(under, under))).containsExactly(true, true);
        String at = line("u", NearDuplicates.MIN_LINE_BYTES) + "\n";
        assertThat(keep(List.of(at, at))).containsExactly(true, false);
    }

    @Test
    void boilerplateSharedByManyUnitsIsNotARepeat() {
        List<String> units = new ArrayList<>();
        for (int i = 0; i <= NearDuplicates.MAX_UNITS_PER_LINE; i++) {
            units.add(LICENCE + "\n" + line("own" + i, 40) + "\n");
        }
        boolean[] keep = keep(units);
        for (boolean k : keep) {
            assertThat(k).isTrue();
        }
        // In exactly MAX_UNITS_PER_LINE units the licence still counts, and outweighs the own line.
        List<String> fewer = units.subList(0, NearDuplicates.MAX_UNITS_PER_LINE);
        boolean[] some = keep(fewer);
        assertThat(some[0]).isTrue();
        assertThat(some[1]).isFalse();
    }

    @Test
    void aDroppedUnitTeachesNothing() {
        String a = line("a1", 60) + "\n";
        String repeat = line("a1", 60) + "\n" + line("x1", 50) + "\n";   // 60 of 110 bytes: dropped
        String laterX = line("x1", 50) + "\n" + line("y1", 60) + "\n";    // x1 was never kept
        assertThat(keep(List.of(a, repeat, laterX))).containsExactly(true, false, true);
    }
}
