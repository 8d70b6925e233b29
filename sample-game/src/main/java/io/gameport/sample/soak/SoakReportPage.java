package io.gameport.sample.soak;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak's report as one self-contained HTML file: a summary table (the SOAK line's figures, the
 * settings, the backends, the machine) and a chart per measure over every second of the run,
 * drawn by uPlot, whose script and style are inlined so the file opens offline.
 *
 * <p>Text goes into the page HTML-escaped; data goes in as JSON with {@code <}, {@code >} and
 * {@code &} escaped (Gson's default), so no value can end the script element that carries it.
 */
final class SoakReportPage {

    private static final String RESOURCES = "io/gameport/sample/soak/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final Gson JSON = new GsonBuilder().serializeNulls().create();

    private SoakReportPage() {
    }

    static void write(Path file, SoakRecording recording) throws IOException {
        Files.writeString(file, render(recording, UplotAssets.fromClassPath()), StandardCharsets.UTF_8);
    }

    static String render(SoakRecording recording, UplotAssets uplot) {
        SoakReport report = recording.report();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("title", escape(String.format(Locale.ROOT, "Soak: %d bots, %d s steady window", report.bots(), report.seconds())));
        values.put("subtitle", escape("Finished " + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                recording.finishedAt().atOffset(ZoneOffset.UTC).withNano(0)) + " UTC; "
                + (report.exitStatus() == 0 ? "passed: every bot played the whole window without an error or a disconnect"
                        : "FAILED: errors, disconnects or bots missing from their rooms")));
        values.put("tables", table("Result (the SOAK line)", results(report)) + table("Settings", recording.settings())
                + table("Machine", machine(recording)));
        values.put("data", UplotAssets.inlineable(JSON.toJson(data(recording)), "</script"));
        values.put("uplot-css", uplot.style());
        values.put("uplot-js", uplot.script());
        values.put("report-js", UplotAssets.inlineable(UplotAssets.read(RESOURCES + "soak-report.js"), "</script"));
        return fill(UplotAssets.read(RESOURCES + "soak-report.html"), values);
    }

    /** Replaces each {{name}} in one pass, so nothing put in is read as a placeholder again. */
    static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256 * 1024);
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("the report template names {{" + matcher.group(1) + "}}, which has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<Map.Entry<String, String>> results(SoakReport report) {
        return List.of(
                Map.entry("bots in a room at the end", report.botsInRoom() + " of " + report.bots()),
                Map.entry("steady window", report.seconds() + " s"),
                Map.entry("messages/s client \u2192 server", format("%.1f", report.msgsInPerSecond())),
                Map.entry("messages/s server \u2192 client", format("%.1f", report.msgsOutPerSecond())),
                Map.entry("round trip p50", format("%.3f ms", report.rttP50Ms())),
                Map.entry("round trip p99", format("%.3f ms", report.rttP99Ms())),
                Map.entry("round trip p99.9", format("%.3f ms", report.rttP999Ms())),
                Map.entry("tick start lateness p99", report.tickP99LateMs() < 0 ? "not measured (servers elsewhere)"
                        : format("%.3f ms", report.tickP99LateMs())),
                Map.entry("errors", Long.toString(report.errors())),
                Map.entry("disconnects", Long.toString(report.disconnects())),
                Map.entry("SOAK line", report.machineLine()));
    }

    private static List<Map.Entry<String, String>> machine(SoakRecording recording) {
        MachineInfo machine = recording.machine();
        return List.of(
                Map.entry("server backend", recording.serverBackend() == null ? "servers elsewhere" : recording.serverBackend()),
                Map.entry("client backend", recording.clientBackend()),
                Map.entry("cores", Integer.toString(machine.cores())),
                Map.entry("CPU", machine.cpu()),
                Map.entry("JVM", machine.jvm()),
                Map.entry("max heap", machine.maxHeapMiB() + " MiB"),
                Map.entry("OS", machine.os()));
    }

    private static String table(String caption, List<Map.Entry<String, String>> rows) {
        StringBuilder html = new StringBuilder("<table class=\"summary\"><caption>").append(escape(caption)).append("</caption>\n");
        for (Map.Entry<String, String> row : rows) {
            boolean bad = (row.getKey().equals("errors") || row.getKey().equals("disconnects")) && !row.getValue().equals("0");
            html.append("<tr><th>").append(escape(row.getKey())).append("</th><td").append(bad ? " class=\"bad\"" : "")
                    .append('>').append(escape(row.getValue())).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static Map<String, Object> data(SoakRecording recording) {
        List<SoakSample> samples = recording.samples();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("seconds", column(samples, SoakSample::seconds));
        columns.put("msgsInPerSecond", column(samples, SoakSample::msgsInPerSecond));
        columns.put("msgsOutPerSecond", column(samples, SoakSample::msgsOutPerSecond));
        columns.put("rttP50Ms", column(samples, SoakSample::rttP50Ms));
        columns.put("rttP99Ms", column(samples, SoakSample::rttP99Ms));
        columns.put("rttP999Ms", column(samples, SoakSample::rttP999Ms));
        columns.put("tickP99LateMs", column(samples, SoakSample::tickP99LateMs));
        columns.put("botsInRoom", column(samples, SoakSample::botsInRoom));
        columns.put("botsLoggedIn", column(samples, SoakSample::botsLoggedIn));
        columns.put("errors", column(samples, SoakSample::errors));
        columns.put("disconnects", column(samples, SoakSample::disconnects));
        columns.put("processCpuPercent", column(samples, SoakSample::processCpuPercent));
        columns.put("heapUsedMiB", column(samples, SoakSample::heapUsedMiB));
        columns.put("heapCommittedMiB", column(samples, SoakSample::heapCommittedMiB));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("steadyFromSeconds", recording.steadyFromSeconds());
        data.put("cores", recording.machine().cores());
        data.put("roomsInProcess", recording.roomsInProcess());
        data.put("columns", columns);
        return data;
    }

    private static List<Number> column(List<SoakSample> samples, Function<SoakSample, ? extends Number> value) {
        List<Number> column = new ArrayList<>(samples.size());
        for (SoakSample sample : samples) {
            column.add(value.apply(sample));
        }
        return column;
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    /** Text made safe for an HTML element's content or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
