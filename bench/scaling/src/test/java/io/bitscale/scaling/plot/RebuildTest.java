package io.bitscale.scaling.plot;

import io.bitscale.scaling.fit.FitReport;
import io.bitscale.scaling.fit.PowerLawFitter;
import io.bitscale.scaling.fit.ScalingFits;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rebuild check finds every kind of difference it promises to, and nothing else. */
class RebuildTest {

    @TempDir
    Path dir;

    @Test
    void numbersAgreeToOnePartInABillionAndTextExactly() {
        assertThat(Rebuild.compare("β = 0.3058 [0.2572, 0.3643]\n", "β = 0.3058 [0.2572, 0.3643]\n")).isNull();
        assertThat(Rebuild.compare("x,1.2345678901234,y", "x,1.2345678902234,y")).isNull();
        assertThat(Rebuild.compare("x,1.2345,y", "x,1.2346,y")).contains("published '1.2345', rebuilt '1.2346'");
        assertThat(Rebuild.compare("R² 0.99 pass", "R² 0.99 fail")).contains("pass'");
        assertThat(Rebuild.compare("a 1 b", "a 1 b 2")).isNotNull();
        assertThat(Rebuild.compare("a 1", "a 1 2")).contains("tokens");
        assertThat(Rebuild.compare("NaN,1e-12", "NaN,0")).isNull();
    }

    @Test
    void aDirectoryRebuildsExactlyUntilAFigureGoesStaleOrItsRowsChange() throws IOException {
        List<ResultRow> rows = ChartsTest.rows();
        ResultTable.writeJsonl(rows, dir.resolve(ResultTable.JSONL));
        // Published with 50 bootstrap replicates: fits.json records it, and the rebuild follows.
        FitReport fits = new ScalingFits(new PowerLawFitter(50, 3, 1), "bpb").report(rows, null, n -> { });
        Report report = new Report(rows, fits, Set.of("png"));
        report.write(report.plots(), dir, true, null, Rebuild.source(dir), p -> { });
        assertThat(Rebuild.settings(dir).bootstrap()).isEqualTo(50);
        assertThat(Rebuild.check(dir)).isEmpty();

        Files.writeString(dir.resolve("old-figure.png"), "not from these rows");
        assertThat(Rebuild.check(dir)).singleElement().asString().contains("old-figure.png").contains("do not make");
        Files.delete(dir.resolve("old-figure.png"));

        ResultTable.writeJsonl(rows.subList(1, rows.size()), dir.resolve(ResultTable.JSONL));
        assertThat(Rebuild.check(dir)).isNotEmpty().anySatisfy(d -> assertThat(d).contains("fits.json"));

        Path orphan = Files.createDirectory(dir.resolve("orphan"));
        Files.writeString(orphan.resolve("bpb_vs_D-x-online.png"), "a figure nobody can rebuild");
        assertThat(Rebuild.check(orphan)).singleElement().asString().contains("without rows");
    }
}
