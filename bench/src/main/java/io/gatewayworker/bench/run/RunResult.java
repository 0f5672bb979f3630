package io.gatewayworker.bench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.core.json.JsonObject;

/** A finished run: the JSON result file's content, and the human summary of it. */
public final class RunResult {

    private final JsonObject json;

    RunResult(JsonObject json) {
        this.json = json;
    }

    public JsonObject json() {
        return json;
    }

    public long errors() {
        return json.getLong("errors");
    }

    /** Prints the summary; {@code sentName} and {@code receivedName} say what was counted. */
    public void printSummary(PrintStream out, String sentName, String receivedName) {
        JsonObject latency = json.getJsonObject("latency_ms");
        out.printf("%s against %s for %.1f s, %s%n", json.getString("scenario"), json.getString("url"),
                json.getDouble("duration_s"), json.getJsonObject("parameters").encode());
        if (json.getLong("sent") > 0 || json.getLong("errors") > 0) {
            out.printf("  %s %,d (%,.0f/s)   %s %,d (%,.0f/s while sending)   missing %,d   errors %,d%n",
                    sentName, json.getLong("sent"), json.getDouble("sent_per_s"), receivedName, json.getLong("received"),
                    json.getDouble("throughput_per_s"), json.getLong("missing"), json.getLong("errors"));
            out.printf("  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (mean %.3f, n=%,d)%n",
                    latency.getDouble("p50"), latency.getDouble("p90"), latency.getDouble("p99"),
                    latency.getDouble("p99_9"), latency.getDouble("max"), latency.getDouble("mean"),
                    latency.getLong("count"));
        }
        JsonObject figures = json.getJsonObject("figures");
        if (figures != null) {
            figures.forEach(figure -> out.println("  " + figure.getKey() + ": " + figure.getValue()));
        }
        json.getJsonArray("error_samples").forEach(sample -> out.println("  error: " + sample));
    }

    /** A file next to a JSON result, named like it with {@code suffix} for {@code .json}: a.json → a{suffix}. */
    public static Path beside(Path jsonResult, String suffix) {
        String name = jsonResult.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return jsonResult.resolveSibling(base + suffix);
    }

    /** Writes the JSON result to {@code file}, and its chart next to it ({@link ResultChart#fileFor}). */
    public void write(Path file) throws IOException {
        Files.writeString(file, json.encodePrettily() + "\n");
        ResultChart.write(json, ResultChart.fileFor(file));
    }
}
