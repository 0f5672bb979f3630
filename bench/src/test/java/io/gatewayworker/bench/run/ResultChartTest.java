package io.gatewayworker.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.vertx.core.json.JsonObject;

/** The chart written next to a result, from a recorded echo result (7 one-second points). */
class ResultChartTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;

    @Test
    void writingAResultWritesItsChartBesideItAsOneWellFormedPageWithALinePerSeries() throws Exception {
        JsonObject recorded = recorded();
        Path json = dir.resolve("cluster-echo.json");

        new RunResult(recorded).write(json);

        Path chart = dir.resolve("cluster-echo.html");
        assertEquals(chart, ResultChart.fileFor(json));
        assertTrue(Files.isRegularFile(chart), "no chart beside the result");
        Document page = parse(chart);
        assertEquals("html", page.getDocumentElement().getLocalName());
        NodeList panels = page.getElementsByTagNameNS(SVG, "svg");
        assertEquals(2, panels.getLength(), "a throughput panel and a latency panel");
        List<Element> lines = elements(page.getElementsByTagNameNS(SVG, "polyline"));
        assertEquals(List.of("sent/s", "received/s", "p50", "p90", "p99", "p99.9", "max"),
                lines.stream().map(Element::getTextContent).toList());
        int points = recorded.getJsonArray("timeline").size();
        for (Element line : lines) {
            String[] coordinates = line.getAttribute("points").trim().split(" ");
            assertEquals(points, coordinates.length, "one point per second of the timeline");
            for (String coordinate : coordinates) {
                String[] xy = coordinate.split(",");
                double x = Double.parseDouble(xy[0]);
                double y = Double.parseDouble(xy[1]);
                assertTrue(x >= 0 && x <= 880 && y >= 0 && y <= 240, "outside its panel: " + coordinate);
            }
        }
    }

    @Test
    void thePageFetchesNothingAndEscapesWhatTheResultSays() throws Exception {
        JsonObject result = recorded().put("url", "ws://h/ws?a=1&b=<2>");

        String html = ResultChart.html(result);

        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"http.*"), "nothing fetched");
        assertTrue(html.contains("ws://h/ws?a=1&amp;b=&lt;2&gt;"));
        Path chart = dir.resolve("escaped.html");
        Files.writeString(chart, html);
        assertEquals("html", parse(chart).getDocumentElement().getLocalName());
    }

    @Test
    void aResultWithoutATimelineStillGivesAPage() throws Exception {
        JsonObject result = recorded();
        result.remove("timeline");
        Path chart = dir.resolve("empty.html");

        ResultChart.write(result, chart);

        assertEquals(7, parse(chart).getElementsByTagNameNS(SVG, "polyline").getLength());
    }

    private static JsonObject recorded() throws IOException {
        try (InputStream in = ResultChartTest.class.getResourceAsStream("/recorded-echo-result.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Document parse(Path page) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(page.toFile());
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
