package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The soak report opened in a real headless browser: every chart drawn, no error on the page. */
class SoakReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void aShortSoaksReportDrawsEveryChartWithoutAnError() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path file = dir.resolve("soak.html");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SoakReport report = SoakRunner.run(new SoakOptions(4, 3, 50, 20, 500, 1_000, null, "report-test-", 1, 1, "auto", 0, 0),
                out, io.gameport.sample.SampleTls.PLAINTEXT, file);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        assertEquals(report.machineLine(), lines[lines.length - 1], "the SOAK line stays last");
        assertTrue(text.contains("report: " + file.toAbsolutePath()), text);

        RenderedReport page = RenderedReport.parse(chromium.dumpDom(file));

        assertEquals(RecordedSoak.CHARTS, page.chartNames());
        assertEquals(RecordedSoak.CHARTS, page.drawnCharts(), "charts drawn: " + page.charts());
        assertEquals(java.util.List.of(), page.errors());
        assertEquals("7", page.status().get("data-charts-drawn"), "status: " + page.status());
    }

    @Test
    @Timeout(120)
    void textFromTheRunIsShownAsTextNeverRunAsMarkupOrScript() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path file = dir.resolve("hostile.html");
        String hostile = "</script><img id=\"injected\" src=\"x\" onerror=\"window.soakReportError('ran')\"><!--";
        SoakReportPage.write(file, RecordedSoak.withSetting("prefix " + hostile, hostile));

        String dom = chromium.dumpDom(file);
        RenderedReport page = RenderedReport.parse(dom);

        assertFalse(dom.contains("<img id=\"injected\""), "the setting became an element");
        assertTrue(dom.contains("&lt;/script&gt;&lt;img id=\"injected\""), "the setting is shown as text");
        assertEquals(java.util.List.of(), page.errors());
        assertEquals(RecordedSoak.CHARTS, page.drawnCharts(), "charts drawn: " + page.charts());
    }

    @Test
    @Timeout(120)
    void withTheServersElsewhereTheTickChartSaysItWasNotMeasuredAndTheOthersDraw() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path file = dir.resolve("elsewhere.html");
        SoakReportPage.write(file, RecordedSoak.withServersElsewhere());

        String dom = chromium.dumpDom(file);
        RenderedReport page = RenderedReport.parse(dom);

        assertEquals(RecordedSoak.CHARTS, page.chartNames());
        assertEquals(RecordedSoak.CHARTS.stream().filter(chart -> !chart.equals("tick")).toList(), page.drawnCharts(),
                "charts drawn: " + page.charts());
        assertTrue(dom.contains("Not measured: the room server is not in this process."), "the tick chart's note");
        assertEquals(java.util.List.of(), page.errors());
    }

    /** The check above can fail: a page whose library does not load reports it and draws nothing. */
    @Test
    @Timeout(120)
    void aBrokenLibraryShowsAsAnErrorOnThePageAndNoChartDrawn() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        UplotAssets real = UplotAssets.fromClassPath();
        UplotAssets corrupt = new UplotAssets(real.version(), real.script().substring(0, real.script().length() / 2), real.style());
        Path file = dir.resolve("broken.html");
        Files.writeString(file, SoakReportPage.render(RecordedSoak.withSetting("s", "v"), corrupt));

        RenderedReport page = RenderedReport.parse(chromium.dumpDom(file));

        assertFalse(page.errors().isEmpty(), "the page caught the library's syntax error");
        assertTrue(page.errors().stream().anyMatch(error -> error.contains("uPlot")), "and the charts' failure: " + page.errors());
        assertEquals(java.util.List.of(), page.drawnCharts());
    }
}
