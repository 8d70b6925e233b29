package io.gameport.sample.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report's page wrote into its DOM after drawing (see soak-report.js): each chart's
 * attributes, the status element, and the errors the page caught.
 */
record RenderedReport(List<Map<String, String>> charts, Map<String, String> status, List<String> errors) {

    private static final Pattern CHART = Pattern.compile("<div class=\"chart\"([^>]*)>");
    private static final Pattern STATUS = Pattern.compile("<div id=\"report-status\"([^>]*)>");
    private static final Pattern ERROR = Pattern.compile("<li class=\"report-error\">([^<]*)</li>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    static RenderedReport parse(String dom) {
        List<Map<String, String>> charts = new ArrayList<>();
        Matcher chart = CHART.matcher(dom);
        while (chart.find()) {
            charts.add(attributes(chart.group(1)));
        }
        Matcher status = STATUS.matcher(dom);
        List<String> errors = new ArrayList<>();
        Matcher error = ERROR.matcher(dom);
        while (error.find()) {
            errors.add(error.group(1));
        }
        return new RenderedReport(charts, status.find() ? attributes(status.group(1)) : Map.of(), errors);
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new HashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(text);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        return attributes;
    }

    /** Charts that hold a canvas with data points and a line in a series' colour. */
    List<String> drawnCharts() {
        List<String> drawn = new ArrayList<>();
        for (Map<String, String> chart : charts) {
            if (number(chart, "data-canvases") > 0 && number(chart, "data-points") > 0 && number(chart, "data-line-pixels") > 0) {
                drawn.add(chart.get("data-chart"));
            }
        }
        return drawn;
    }

    List<String> chartNames() {
        return charts.stream().map(chart -> chart.get("data-chart")).toList();
    }

    private static int number(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
