import io.bitscale.corpora.DocumentShuffle;
import java.nio.file.*;
import java.io.*;
/** java -cp bench/target/classes Shuffle.java OUT TEST_BYTES FILES...: documents of (all files minus the last TEST_BYTES) in the scale harness's seed-0 order; the tail is written to OUT.test */
public class Shuffle {
    public static void main(String[] a) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 2; i < a.length; i++) all.write(Files.readAllBytes(Path.of(a[i])));
        byte[] bytes = all.toByteArray();
        int test = Integer.parseInt(a[1]);
        byte[] head = java.util.Arrays.copyOf(bytes, bytes.length - test);
        byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - test, bytes.length);
        byte[] shuffled = DocumentShuffle.parse("shuffled(text-enwiki,seed=0)").apply(head);
        Files.write(Path.of(a[0]), shuffled);
        Files.write(Path.of(a[0] + ".test"), tail);
        System.out.println(bytes.length + " bytes; shuffled head " + shuffled.length + ", test tail " + tail.length);
    }
}
