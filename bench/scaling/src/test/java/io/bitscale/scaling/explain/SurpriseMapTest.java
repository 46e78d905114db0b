package io.bitscale.scaling.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bitscale.core.testing.TestData;
import io.bitscale.model.Models;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The page is self-contained, carries exactly the traces' data, and runs in a browser when one is installed. */
class SurpriseMapTest {

    /** The mixture the fast preset expanded to before it moved to the cm engine: a model whose cost splits. */
    private static final String MIX_FAST = "mix(order(1..4,6,bits=22),word(bits=20),match(bits=20),sparse(bits=18),gates=1,sse=2)";

    private static final byte[] TEXT = TestData.concat(TestData.text(7, 5000),
            "na\u00efve caf\u00e9 \u2014 \u65e5\u672c\n".getBytes(StandardCharsets.UTF_8), TestData.text(8, 1000));
    private static final SurpriseMap.Options OPTIONS = SurpriseMap.Options.DEFAULT.withPageBytes(2048).withDetail(1000, 3000);

    @TempDir
    Path dir;

    private static String page(String title, byte[] data, SurpriseMap.Options options, String... specs) throws IOException {
        List<SurpriseMap.Trace> traces = java.util.Arrays.stream(specs)
                .map(spec -> SurpriseMap.trace(new Explainer(Models.factory(spec)), data, options)).toList();
        StringWriter html = new StringWriter();
        SurpriseMap.write(html, title, data, traces, options);
        return html.toString();
    }

    private static byte[] blob(Document doc, String id) {
        Element e = doc.getElementById(id);
        assertThat(e).as("blob %s", id).isNotNull();
        return Base64.getDecoder().decode(e.data().trim());
    }

    @Test
    void aComparisonPageIsSelfContainedAndCarriesBothTraces() throws IOException {
        String html = page("two <models> & a title", TEXT, OPTIONS, "order1", MIX_FAST);
        Document doc = Jsoup.parse(html);

        assertThat(doc.title()).isEqualTo("two <models> & a title — bitscale surprise map");
        assertThat(doc.select("[src], link, iframe, object, embed, img")).isEmpty();
        assertThat(doc.select("[href]")).isEmpty();
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("@import");
        assertThat(doc.select("script")).allSatisfy(s -> assertThat(s.hasAttr("src")).isFalse());

        JsonNode meta = new ObjectMapper().readTree(doc.getElementById("meta").data());
        assertThat(meta.get("title").asText()).isEqualTo("two <models> & a title");
        assertThat(meta.get("bytes").asInt()).isEqualTo(TEXT.length);
        assertThat(meta.get("view").asText()).isEqualTo("text");
        assertThat(meta.get("pageBytes").asInt()).isEqualTo(2048);
        assertThat(meta.get("detail").get("from").asInt()).isEqualTo(1000);
        assertThat(meta.get("detail").get("to").asInt()).isEqualTo(4000);
        assertThat(meta.get("models")).hasSize(2);
        assertThat(meta.get("models").get(0).get("spec").asText()).isEqualTo("order1");
        assertThat(meta.get("models").get(0).get("wholeDistribution").asBoolean()).isTrue();
        assertThat(meta.get("models").get(1).get("wholeDistribution").asBoolean()).isFalse();
        assertThat(meta.get("models").get(1).get("contributors").get(0).asText()).isEqualTo("order(1..4,6,bits=22)");
        assertThat(meta.get("cheaperBytes").asLong() + meta.get("dearerBytes").asLong()).isLessThanOrEqualTo(TEXT.length);
        for (JsonNode span : meta.get("spans")) {
            double delta = span.get("bits").get(1).asDouble() - span.get("bits").get(0).asDouble();
            assertThat(span.get("kind").asText()).isIn("saves", "loses");
            assertThat(delta).isNotZero();
            assertThat(delta < 0).isEqualTo(span.get("kind").asText().equals("saves"));
        }

        assertThat(blob(doc, "text")).isEqualTo(TEXT);
        Explanation order1 = new Explainer(Models.factory("order1")).explain(TEXT, r -> { });
        byte[] costs = blob(doc, "cost0");
        assertThat(costs).hasSize(2 * TEXT.length);
        double sum = 0;
        for (int i = 0; i < TEXT.length; i++) {
            sum += ((costs[2 * i] & 0xFF) | (costs[2 * i + 1] & 0xFF) << 8) / 256.0;
        }
        assertThat(sum).as("costs rounded to 1/256 bit").isCloseTo(order1.idealBits(), within(TEXT.length / 512.0));
        assertThat(meta.get("models").get(0).get("idealBits").asDouble()).isEqualTo(order1.idealBits());
        assertThat(blob(doc, "alt0")).hasSize(3000 * 3 * 4);
        assertThat(blob(doc, "attr0")).isEmpty();
        assertThat(blob(doc, "attr1")).hasSize(3000 * meta.get("models").get(1).get("contributors").size() * 2);
    }

    @Test
    void binaryInputIsShownAsHexAndOptionsAreChecked() throws IOException {
        Document doc = Jsoup.parse(page("noise", TestData.random(9, 3000), SurpriseMap.Options.DEFAULT, "order0"));
        assertThat(new ObjectMapper().readTree(doc.getElementById("meta").data()).get("view").asText()).isEqualTo("hex");
        assertThat(SurpriseMap.looksLikeText(TEXT)).isTrue();
        assertThat(SurpriseMap.looksLikeText(new byte[] {(byte) 0xC3})).isFalse();
        assertThatThrownBy(() -> SurpriseMap.Options.DEFAULT.withPageBytes(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SurpriseMap.write(new StringWriter(), "x", TEXT, List.of(), OPTIONS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMostSurprisingSpansDoNotOverlapAndComeBestFirst() throws IOException {
        JsonNode spans = new ObjectMapper().readTree(Jsoup.parse(page("spans", TEXT, OPTIONS, "order0"))
                .getElementById("meta").data()).get("spans");
        assertThat(spans).hasSize(12);
        double previous = Double.MAX_VALUE;
        boolean[] used = new boolean[TEXT.length];
        for (JsonNode span : spans) {
            double bits = span.get("bits").get(0).asDouble();
            assertThat(bits).isLessThanOrEqualTo(previous);
            previous = bits;
            for (int i = span.get("offset").asInt(); i < span.get("offset").asInt() + span.get("length").asInt(); i++) {
                assertThat(used[i]).isFalse();
                used[i] = true;
            }
        }
    }

    /**
     * In a browser, the script runs to the end (it stamps its timing on the body) and draws the
     * first page: spans with offsets and, for a mixture, one bar canvas per row. Without a
     * browser, the DOM parser's checks above are what is verified.
     */
    @Test
    void thePageRunsInHeadlessChromiumWhenOneIsInstalled() throws IOException, InterruptedException {
        Optional<Chromium> chromium = Chromium.find();
        Path file = dir.resolve("page.html");
        Files.writeString(file, page("browser", TEXT, OPTIONS, "order1", MIX_FAST));
        if (chromium.isEmpty()) {
            System.out.println("SurpriseMapTest: no chromium installed; the page was checked with the DOM parser only");
            assertThat(Jsoup.parse(file.toFile(), "UTF-8").getElementById("view")).isNotNull();
            return;
        }
        Document dom = Jsoup.parse(chromium.get().dumpDom(file, dir.resolve("profile")));
        Element body = dom.body();
        assertThat(body.attr("data-render-ms")).as("the script ran to its end").isNotEmpty();
        assertThat(dom.select("#view span[data-o]").size()).isBetween(1500, 2048);
        assertThat(dom.select("#view canvas").size()).isEqualTo(dom.select("#view .row").size());
        assertThat(dom.select("#models tr")).hasSize(5);
        assertThat(dom.select("#spans tr.go")).isNotEmpty();
        assertThat(dom.getElementById("curve").select("path")).hasSize(4);
        assertThat(dom.getElementById("pages").text()).isEqualTo(String.valueOf((TEXT.length + 2047) / 2048));
    }
}
