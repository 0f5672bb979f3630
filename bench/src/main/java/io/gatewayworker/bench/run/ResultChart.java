package io.gatewayworker.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A result's timeline as a self-contained HTML page (inline SVG and CSS, no script, nothing fetched):
 * throughput per second (sent and received) above, that second's latency percentiles below (log
 * scale, so that p50 stays readable next to max), and the summary figures. The page is well-formed
 * XML too, so that tests and tools can parse it.
 */
public final class ResultChart {

    private static final int WIDTH = 880;
    private static final int HEIGHT = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 30;
    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99_9", "max"};
    private static final String[] COLOURS = {"#1b9e77", "#7570b3", "#d95f02", "#e7298a", "#666666"};

    private ResultChart() {
    }

    /** The chart file for a JSON result file: the same name with {@code .html} for {@code .json}. */
    public static Path fileFor(Path jsonResult) {
        return RunResult.beside(jsonResult, ".html");
    }

    /** Writes {@code result}'s chart to {@code file}. */
    public static void write(JsonObject result, Path file) throws IOException {
        Files.writeString(file, html(result));
    }

    /** The page for a result as written by {@link RunResult}. */
    public static String html(JsonObject result) {
        List<JsonObject> points = new ArrayList<>();
        JsonArray timeline = result.getJsonArray("timeline", new JsonArray());
        for (int i = 0; i < timeline.size(); i++) {
            points.add(timeline.getJsonObject(i));
        }
        String title = result.getString("scenario", "result") + " against " + result.getString("url", "?");
        StringBuilder page = new StringBuilder()
                .append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(escape(title)).append("</title>\n")
                .append("<style>body{font:14px sans-serif;margin:1.5em}svg{display:block;margin:0.5em 0 1.5em}")
                .append("text{font:11px sans-serif}.axis{stroke:#999}.grid{stroke:#eee}")
                .append("polyline{fill:none;stroke-width:1.5}pre{background:#f6f6f6;padding:0.5em}</style>\n")
                .append("</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p>")
                .append(escape(result.getJsonObject("parameters", new JsonObject()).encode()))
                .append("</p>\n<h2>Throughput per second</h2>\n");
        page.append(panel(points, List.of(
                new Series("sent/s", "#377eb8", point -> point.getDouble("sent_per_s", 0.0)),
                new Series("received/s", "#e41a1c", point -> point.getDouble("received_per_s", 0.0))), false));
        page.append("<h2>Latency per second (ms, log scale)</h2>\n");
        List<Series> latency = new ArrayList<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            String percentile = PERCENTILES[i];
            latency.add(new Series(percentile.replace('_', '.'), COLOURS[i],
                    point -> point.getJsonObject("latency_ms", new JsonObject()).getDouble(percentile, 0.0)));
        }
        page.append(panel(points, latency, true));
        JsonObject summary = result.copy();
        summary.remove("timeline");
        page.append("<h2>Result</h2>\n<pre>").append(escape(summary.encodePrettily())).append("</pre>\n")
                .append("</body>\n</html>\n");
        return page.toString();
    }

    /** One line of a panel: its name in the legend, its colour, and its value at each point. */
    private record Series(String name, String colour, ToDoubleFunction<JsonObject> value) {
    }

    private static String panel(List<JsonObject> points, List<Series> series, boolean log) {
        double maxT = Math.max(1, points.stream().mapToDouble(point -> point.getDouble("t_s", 0.0)).max().orElse(1));
        double maxY = series.stream().flatMapToDouble(s -> points.stream().mapToDouble(s.value())).max().orElse(0);
        Scale y = log ? Scale.log(maxY) : Scale.linear(maxY);
        StringBuilder svg = new StringBuilder().append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        int bottom = HEIGHT - BOTTOM;
        for (double tick : y.ticks()) {
            double at = bottom - y.fraction(tick) * (bottom - TOP);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, at, WIDTH - RIGHT, at, LEFT - 5, at + 4, label(tick)));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                LEFT, bottom, WIDTH - RIGHT, bottom));
        for (double tick : Scale.linear(maxT).ticks()) {
            if (tick <= maxT) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n",
                        LEFT + tick / maxT * (WIDTH - LEFT - RIGHT), HEIGHT - 10, label(tick)));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            Series line = series.get(i);
            svg.append("<polyline class=\"series\" stroke=\"").append(line.colour()).append("\" points=\"");
            for (JsonObject point : points) {
                double x = LEFT + point.getDouble("t_s", 0.0) / maxT * (WIDTH - LEFT - RIGHT);
                double value = bottom - y.fraction(line.value().applyAsDouble(point)) * (bottom - TOP);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, value));
            }
            svg.append("\"><title>").append(escape(line.name())).append("</title></polyline>\n");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    LEFT + 10 + i * 90, TOP - 6, line.colour(), escape(line.name())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Where a value sits between the bottom (0) and top (1) of a panel, and the gridlines to draw. */
    private interface Scale {

        double fraction(double value);

        List<Double> ticks();

        static Scale linear(double max) {
            double step = niceStep(max <= 0 ? 1 : max);
            double top = Math.max(step, Math.ceil(max / step) * step);
            return new Scale() {
                public double fraction(double value) {
                    return Math.max(0, value) / top;
                }

                public List<Double> ticks() {
                    List<Double> ticks = new ArrayList<>();
                    for (double tick = 0; tick <= top + step / 2; tick += step) {
                        ticks.add(tick);
                    }
                    return ticks;
                }
            };
        }

        /** Decades from 0.01 ms (or lower, to fit) up to the decade above {@code max}. */
        static Scale log(double max) {
            double top = Math.max(1, Math.ceil(Math.log10(Math.max(max, 1e-9))));
            double floor = Math.min(-2, top - 1);
            return new Scale() {
                public double fraction(double value) {
                    double decade = value <= 0 ? floor : Math.max(floor, Math.log10(value));
                    return (decade - floor) / (top - floor);
                }

                public List<Double> ticks() {
                    List<Double> ticks = new ArrayList<>();
                    for (double decade = floor; decade <= top; decade++) {
                        ticks.add(Math.pow(10, decade));
                    }
                    return ticks;
                }
            };
        }

        /** 1, 2 or 5 times a power of ten, giving about five gridlines up to {@code max}. */
        private static double niceStep(double max) {
            double rough = max / 5;
            double power = Math.pow(10, Math.floor(Math.log10(rough)));
            double mantissa = rough / power;
            return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
        }
    }

    private static String label(double value) {
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value >= 1 || value == 0 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%s", (float) value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
