package io.bitscale.scaling.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A surprise map: one self-contained HTML page (inline CSS and JavaScript, no network) that shades
 * every byte of an input by what a model paid for it — or, for two models, by how much B saved
 * or lost against A — with a legend, a running bpb curve, the most surprising spans, the model's
 * alternatives and a mixture's attribution on hover, and stacked attribution bars under the text.
 * Text is shown as text (UTF-8 sequences as one glyph), anything else as a hex dump.
 *
 * <pre>{@code
 * SurpriseMap.Options options = SurpriseMap.Options.DEFAULT;
 * List<SurpriseMap.Trace> traces = List.of(
 *         SurpriseMap.trace(new Explainer(Models.factory("order2")), data, options),
 *         SurpriseMap.trace(new Explainer(Models.factory("default")), data, options));
 * try (Writer html = Files.newBufferedWriter(target)) {
 *     SurpriseMap.write(html, "book1", data, traces, options);
 * }
 * }</pre>
 *
 * <p><b>Size and speed.</b> The page embeds the input and every byte's cost (2 bytes each,
 * 1/256-bit resolution), about 4 bytes of base64 per input byte per model; alternatives and
 * attributions only for the detail window ({@link Options#detailBytes()}), about
 * {@code 4·alternatives + 2·contributors} bytes per byte and model. The text is drawn one page
 * ({@link Options#pageBytes()}) at a time, so the browser's work does not grow with the input.
 * The page states these limits and measures its own rendering time.
 */
public final class SurpriseMap {

    /** How bytes are drawn. */
    public enum View {
        /** Text when the input is mostly printable UTF-8, else hex. */
        AUTO,
        /** Characters, UTF-8 sequences as one glyph, other bytes as a dot. */
        TEXT,
        /** A hex dump, 16 bytes per row, with an ASCII column. */
        HEX
    }

    /**
     * What the page shows.
     *
     * @param pageBytes   bytes drawn per page, a multiple of 16 from 1024 to 1 MiB
     * @param detailBytes bytes, from {@code detailFrom}, whose alternatives and attributions are
     *                    embedded (0 for none)
     * @param detailFrom  the first byte of the detail window
     * @param spanBytes   length of the surprising spans listed, 1..4096
     * @param spans       how many spans to list (for two models, half where B saves most and half
     *                    where it loses most)
     * @param view        text, hex or chosen from the input
     */
    public record Options(int pageBytes, int detailBytes, long detailFrom, int spanBytes, int spans, View view) {

        /** 16 KiB pages, details for the first 64 KiB, twelve 32-byte spans, view from the input. */
        public static final Options DEFAULT = new Options(16 * 1024, 64 * 1024, 0, 32, 12, View.AUTO);

        /** @throws IllegalArgumentException naming the first bad value */
        public Options {
            if (pageBytes < 1024 || pageBytes > (1 << 20) || pageBytes % 16 != 0) {
                throw new IllegalArgumentException("pageBytes " + pageBytes + " must be a multiple of 16 from 1024 to 1048576");
            }
            if (detailBytes < 0 || detailFrom < 0) {
                throw new IllegalArgumentException("detail window " + detailFrom + " +" + detailBytes + " is negative");
            }
            if (spanBytes < 1 || spanBytes > 4096 || spans < 0 || spans > 1000) {
                throw new IllegalArgumentException("spans: " + spans + " of " + spanBytes + " bytes (1..4096 bytes, 0..1000 spans)");
            }
            if (view == null) {
                throw new NullPointerException("view");
            }
        }

        /** These options with another page size. */
        public Options withPageBytes(int bytes) {
            return new Options(bytes, detailBytes, detailFrom, spanBytes, spans, view);
        }

        /** These options with another detail window. */
        public Options withDetail(long from, int bytes) {
            return new Options(pageBytes, bytes, from, spanBytes, spans, view);
        }

        /** These options with another span length and count. */
        public Options withSpans(int bytes, int count) {
            return new Options(pageBytes, detailBytes, detailFrom, bytes, count, view);
        }

        /** These options with another view. */
        public Options withView(View other) {
            return new Options(pageBytes, detailBytes, detailFrom, spanBytes, spans, other);
        }
    }

    /**
     * One model's run over the input, as a page needs it: every byte's cost, and alternatives and
     * contributions in the detail window. {@link #trace} makes one; to run other things on the
     * same pass, feed a trace the records yourself, then {@link #finish} it.
     */
    public static final class Trace implements ByteRecordListener {
        private final double[] bits;
        private final long detailFrom;
        private final int detailLength;
        private final int alternatives;
        private byte[] alternativeCells;
        private short[] contributionCells;
        private int contributorCount;
        private Explanation explanation;

        /**
         * An empty trace for an input of {@code length} bytes and a page with {@code options};
         * {@link #started} must come first (it is the listener's protocol).
         */
        public Trace(int length, Options options) {
            this.bits = new double[length];
            this.detailFrom = Math.min(options.detailFrom(), length);
            this.detailLength = (int) Math.min(options.detailBytes(), length - this.detailFrom);
            this.alternatives = Explainer.DEFAULT_ALTERNATIVES;
        }

        /** Ends the trace with the run's totals. */
        public void finish(Explanation totals) {
            this.explanation = totals;
        }

        @Override
        public void started(String spec, List<String> contributors) {
            contributorCount = contributors.size();
            alternativeCells = new byte[detailLength * alternatives * 4];
            java.util.Arrays.fill(alternativeCells, (byte) 0xFF);
            contributionCells = new short[detailLength * contributorCount];
        }

        @Override
        public void byteExplained(ByteRecord record) {
            int i = (int) record.offset();
            bits[i] = record.bits();
            if (record.alternatives().size() > alternatives) {
                throw new IllegalArgumentException("a trace keeps " + alternatives + " alternatives, the record has "
                        + record.alternatives().size());
            }
            long d = record.offset() - detailFrom;
            if (d >= 0 && d < detailLength) {
                int at = (int) d * alternatives * 4;
                for (Alternative a : record.alternatives()) {
                    alternativeCells[at] = (byte) a.firstByte();
                    alternativeCells[at + 1] = (byte) a.lastByte();
                    int q = (int) Math.min(65534, Math.round(a.bits() * 256));
                    alternativeCells[at + 2] = (byte) q;
                    alternativeCells[at + 3] = (byte) (q >>> 8);
                    at += 4;
                }
                double[] c = record.contributions();
                for (int k = 0; k < c.length; k++) {
                    long q = Math.round(c[k] * 128);
                    contributionCells[(int) d * contributorCount + k] = (short) Math.max(-32767, Math.min(32767, q));
                }
            }
        }

        /** The totals of the run. */
        public Explanation explanation() {
            return explanation;
        }

        /** The ideal cost of byte {@code offset}, in bits. */
        public double bits(int offset) {
            return bits[offset];
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SurpriseMap() {
    }

    /** Runs {@code explainer} over {@code data} and keeps what a page with {@code options} shows. */
    public static Trace trace(Explainer explainer, byte[] data, Options options) {
        Trace trace = new Trace(data.length, options);
        trace.finish(explainer.withAlternatives(Explainer.DEFAULT_ALTERNATIVES).explain(data, trace));
        return trace;
    }

    /**
     * Writes the page for one trace (costs) or two (B's cost minus A's), made from {@code data}
     * with {@code options}.
     *
     * @param title shown at the top (escaped)
     * @throws IllegalArgumentException for no trace or more than two, or traces of other data
     * @throws IOException              if writing fails
     */
    public static void write(Writer out, String title, byte[] data, List<Trace> traces, Options options)
            throws IOException {
        if (traces.isEmpty() || traces.size() > 2) {
            throw new IllegalArgumentException("a surprise map shows one or two models, not " + traces.size());
        }
        for (Trace trace : traces) {
            if (trace.explanation == null) {
                throw new IllegalArgumentException("a trace that was not finished");
            }
            if (trace.bits.length != data.length || trace.explanation.bytes() != data.length) {
                throw new IllegalArgumentException("a trace of " + trace.bits.length + " bytes for " + data.length + " bytes of data");
            }
        }
        String template;
        try (InputStream in = SurpriseMap.class.getResourceAsStream("surprise-map.html")) {
            if (in == null) {
                throw new IllegalStateException("surprise-map.html is missing from the class path");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        View view = options.view() == View.AUTO ? (looksLikeText(data) ? View.TEXT : View.HEX) : options.view();
        Trace first = traces.get(0);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", title);
        meta.put("bytes", data.length);
        meta.put("view", view.name().toLowerCase(Locale.ROOT));
        meta.put("pageBytes", options.pageBytes());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", first.detailFrom);
        detail.put("to", first.detailFrom + first.detailLength);
        detail.put("alternatives", first.alternatives);
        meta.put("detail", detail);
        List<Map<String, Object>> models = new ArrayList<>();
        for (int j = 0; j < traces.size(); j++) {
            Explanation e = traces.get(j).explanation;
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("label", j == 0 ? "A" : "B");
            model.put("spec", e.spec());
            model.put("idealBits", e.idealBits());
            model.put("bpb", e.idealBitsPerByte());
            model.put("contributors", e.contributors());
            model.put("contributionTotals", e.contributionTotals());
            model.put("wholeDistribution", e.wholeDistribution());
            models.add(model);
        }
        meta.put("models", models);
        double[] shade = shading(traces);
        if (traces.size() == 2) {
            long cheaper = 0;
            long dearer = 0;
            for (double v : shade) {
                cheaper += v < 0 ? 1 : 0;
                dearer += v > 0 ? 1 : 0;
            }
            meta.put("cheaperBytes", cheaper);
            meta.put("dearerBytes", dearer);
            meta.put("spans", concat(spans(shade, traces, options.spanBytes(), (options.spans() + 1) / 2, false, "saves"),
                    spans(shade, traces, options.spanBytes(), options.spans() / 2, true, "loses")));
        } else {
            meta.put("spans", spans(shade, traces, options.spanBytes(), options.spans(), true, "costs"));
        }

        StringBuilder blobs = new StringBuilder();
        for (int j = 0; j < traces.size(); j++) {
            Trace t = traces.get(j);
            byte[] costs = new byte[2 * data.length];
            for (int i = 0; i < data.length; i++) {
                int q = (int) Math.min(65535, Math.round(t.bits[i] * 256));
                costs[2 * i] = (byte) q;
                costs[2 * i + 1] = (byte) (q >>> 8);
            }
            blob(blobs, "cost" + j, costs);
            blob(blobs, "alt" + j, t.alternativeCells);
            byte[] contributions = new byte[2 * t.contributionCells.length];
            for (int i = 0; i < t.contributionCells.length; i++) {
                contributions[2 * i] = (byte) t.contributionCells[i];
                contributions[2 * i + 1] = (byte) (t.contributionCells[i] >>> 8);
            }
            blob(blobs, "attr" + j, contributions);
        }

        int at = template.indexOf("{{TITLE}}");
        int metaAt = template.indexOf("{{META}}");
        int textAt = template.indexOf("{{TEXT}}");
        int blobsAt = template.indexOf("{{BLOBS}}");
        if (at < 0 || metaAt < at || textAt < metaAt || blobsAt < textAt) {
            throw new IllegalStateException("surprise-map.html lacks its placeholders");
        }
        out.write(template, 0, at);
        out.write(escapeHtml(title));
        out.write(template, at + 9, metaAt - at - 9);
        out.write(json(meta));
        out.write(template, metaAt + 8, textAt - metaAt - 8);
        out.write(Base64.getEncoder().encodeToString(data));
        out.write(template, textAt + 8, blobsAt - textAt - 8);
        out.write(blobs.toString());
        out.write(template, blobsAt + 9, template.length() - blobsAt - 9);
    }

    /** Per byte: the cost, or B's cost minus A's. */
    private static double[] shading(List<Trace> traces) {
        double[] a = traces.get(0).bits;
        if (traces.size() == 1) {
            return a;
        }
        double[] b = traces.get(1).bits;
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    /**
     * The {@code count} non-overlapping windows of {@code width} bytes with the largest (or
     * smallest) sum of {@code values}, best first.
     */
    static List<Map<String, Object>> spans(double[] values, List<Trace> traces, int width, int count,
                                           boolean largest, String kind) {
        int n = values.length;
        List<Map<String, Object>> found = new ArrayList<>();
        if (n == 0 || count == 0) {
            return found;
        }
        int w = Math.min(width, n);
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + values[i];
        }
        List<int[]> taken = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int best = -1;
            double bestSum = 0;
            for (int i = 0; i + w <= n; i++) {
                double sum = prefix[i + w] - prefix[i];
                if ((best >= 0 && !(largest ? sum > bestSum : sum < bestSum)) || overlaps(taken, i, w)) {
                    continue;
                }
                best = i;
                bestSum = sum;
            }
            boolean wrongSign = kind.equals("saves") ? bestSum >= 0 : kind.equals("loses") && bestSum <= 0;
            if (best < 0 || wrongSign) {
                break;
            }
            taken.add(new int[] {best, best + w});
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("offset", best);
            span.put("length", w);
            span.put("kind", kind);
            List<Double> bits = new ArrayList<>();
            for (Trace trace : traces) {
                double sum = 0;
                for (int i = best; i < best + w; i++) {
                    sum += trace.bits[i];
                }
                bits.add(sum);
            }
            span.put("bits", bits);
            found.add(span);
        }
        return found;
    }

    private static boolean overlaps(List<int[]> taken, int start, int width) {
        for (int[] t : taken) {
            if (start < t[1] && start + width > t[0]) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Whether {@code data} reads as text: at most 1% of its bytes are control characters other
     * than tab, line feed, form feed and carriage return, or are not part of a valid UTF-8 sequence.
     */
    static boolean looksLikeText(byte[] data) {
        int n = data.length;
        long bad = 0;
        for (int i = 0; i < n; ) {
            int b = data[i] & 0xFF;
            if (b < 0x80) {
                if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
                    bad++;
                }
                i++;
                continue;
            }
            int length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            boolean valid = length > 0 && i + length <= n;
            for (int k = 1; valid && k < length; k++) {
                valid = (data[i + k] & 0xC0) == 0x80;
            }
            if (valid) {
                i += length;
            } else {
                bad++;
                i++;
            }
        }
        return bad * 100 <= n;
    }

    private static void blob(StringBuilder out, String id, byte[] content) {
        out.append("<script type=\"application/octet-stream\" id=\"").append(id).append("\">")
                .append(Base64.getEncoder().encodeToString(content)).append("</script>\n");
    }

    /** JSON that cannot end the script element it sits in. */
    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
