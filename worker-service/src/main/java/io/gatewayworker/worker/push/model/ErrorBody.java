package io.gatewayworker.worker.push.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every refused push API request.
 *
 * @param error   why, in words
 * @param gateway the gateway that could not be reached (503 only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String gateway) {
}
