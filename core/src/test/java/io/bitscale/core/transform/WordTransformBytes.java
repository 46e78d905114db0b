package io.bitscale.core.transform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Development tool: {@code WordTransformBytes FILE} transforms a file in 1 MiB frames with one
 * dictionary (as one block of a stream does) and prints what the transformed bytes are made of:
 * code leads and index bytes, capital marks, escapes, spaces, literal letters, digits, line ends,
 * other ASCII and other high bytes, each as a share of the input.
 */
public final class WordTransformBytes {

    private static final String[] KINDS = {"code lead", "code index", "capital mark", "escape", "space",
        "letter literal", "digit", "newline", "punct/other ASCII", "high literal"};

    private WordTransformBytes() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        WordTransform transform = new WordTransform();
        long[] count = new long[KINDS.length];
        long total = 0;
        int frame = 1 << 20;
        for (int offset = 0; offset < data.length; offset += frame) {
            int length = Math.min(frame, data.length - offset);
            byte[] out = new byte[WordTransform.maxEncodedLength(length)];
            int coded = transform.encode(data, offset, length, out, 0);
            total += coded;
            int indexBytes = 0;
            boolean escaped = false;
            for (int i = 0; i < coded; i++) {
                int b = out[i] & 0xFF;
                if (indexBytes > 0) {
                    count[1]++;
                    indexBytes--;
                } else if (escaped) {
                    count[3]++;
                    escaped = false;
                } else if (b >= 0xF5 && b <= 0xFC) {
                    count[0]++;
                    indexBytes = 1;
                } else if (b >= 0xFD || b == 0xC0 || b == 0xC1) {
                    count[0]++;
                    indexBytes = 2;
                } else if (b == WordTransform.CAPITAL) {
                    count[2]++;
                } else if (b == WordTransform.ESCAPE) {
                    count[3]++;
                    escaped = true;
                } else {
                    count[b == ' ' ? 4 : (b | 0x20) >= 'a' && (b | 0x20) <= 'z' ? 5 : b >= '0' && b <= '9' ? 6
                            : b == '\n' ? 7 : b < 0x80 ? 8 : 9]++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "input %,d bytes, transformed %,d (%.1f%%), dictionary %,d words%n", data.length,
                total, 100.0 * total / data.length, transform.size());
        for (int k = 0; k < KINDS.length; k++) {
            System.out.printf(Locale.ROOT, "%-18s %,12d  %5.1f%% of the input%n", KINDS[k], count[k],
                    100.0 * count[k] / data.length);
        }
    }
}
