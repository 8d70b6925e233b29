package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SoakReportPageTest {

    private static final Pattern EXTERNAL = Pattern.compile("<(script|link|img)[^>]*\\s(src|href)=", Pattern.CASE_INSENSITIVE);

    @Test
    void thePageCarriesUplotInlineAndLoadsNothingFromOutside() {
        UplotAssets uplot = UplotAssets.fromClassPath();
        String page = SoakReportPage.render(RecordedSoak.withSetting("bots", "20"), uplot);

        assertTrue(page.contains(uplot.script()), "uPlot's script inline");
        assertTrue(page.contains(uplot.style()), "uPlot's style inline");
        assertFalse(EXTERNAL.matcher(page).find(), "no script, style sheet or image fetched");
    }

    @Test
    void theSummaryShowsTheSoakLineTheSettingsAndTheMachine() {
        SoakRecording recording = RecordedSoak.withSetting("tick rate", "20 Hz");
        String page = SoakReportPage.render(recording, UplotAssets.fromClassPath());

        assertTrue(page.contains(recording.report().machineLine()), "the SOAK line");
        assertTrue(page.contains("<th>tick rate</th><td>20 Hz</td>"), "a setting");
        assertTrue(page.contains("<th>cores</th><td>2</td>") && page.contains("Test JVM 17") && page.contains("Test OS"), "the machine");
        assertTrue(page.contains("<th>server backend</th><td>io_uring</td>"), "the backend");
        assertTrue(page.contains("<th>errors</th><td class=\"bad\">1</td>"), "an error stands out");
    }

    @Test
    void everyStringIsEscapedSoNoValueEndsTheElementItIsIn() {
        String hostile = "</script><b onmouseover='x'>&\"";
        String page = SoakReportPage.render(RecordedSoak.withSetting(hostile, hostile), UplotAssets.fromClassPath());

        assertFalse(page.contains(hostile));
        assertTrue(page.contains("&lt;/script&gt;&lt;b onmouseover=&#39;x&#39;&gt;&amp;&quot;"));
        assertEquals(4, page.split("</script>", -1).length - 1, "only the page's own four scripts close");
    }

    @Test
    void secondsWithoutLatenciesAreGapsInTheDataNotZeros() {
        String page = SoakReportPage.render(RecordedSoak.withSetting("s", "v"), UplotAssets.fromClassPath());

        assertTrue(page.contains("\"rttP50Ms\":[null,null,1.8,"), "the first two seconds measured nothing");
        assertTrue(page.contains("\"steadyFromSeconds\":4.0"), "the ramp-up's end");
    }

    @Test
    void aTemplatePlaceholderWithoutAValueIsAnErrorNamingIt() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> SoakReportPage.fill("<p>{{known}} {{missing}}</p>", Map.of("known", "k")));
        assertTrue(error.getMessage().contains("{{missing}}"), error.getMessage());
        assertEquals("<p>{{x}}</p>", SoakReportPage.fill("<p>{{known}}</p>", Map.of("known", "{{x}}")), "values are not filled again");
    }

    @Test
    void aLibraryTextThatWouldEndItsElementIsRefused() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> UplotAssets.inlineable("var a = '</SCRIPT>';", "</script"));
        assertTrue(error.getMessage().contains("</script>"), error.getMessage());
    }
}
