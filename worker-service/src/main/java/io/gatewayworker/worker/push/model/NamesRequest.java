package io.gatewayworker.worker.push.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of the batch queries: the uids or groups asked about, at least one, none empty. */
@Schema(name = "Names", description = "The uids or groups a batch query asks about")
public record NamesRequest(
        @Schema(description = "Uids or groups; at least one, none empty", examples = "[\"alice\",\"bob\"]")
        List<String> to) {
}
