package dev.cairn.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body, {@code {"error": {"message", "type", "param", "code"}}}, as its clients parse it.
 */
public record ApiError(Detail error) {
    /**
     * @param type  {@code invalid_request_error}, {@code not_found_error}, {@code server_error}, ...
     * @param param the request field at fault, or null
     * @param code  a machine-readable code such as {@code context_length_exceeded}, or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {}

    public static ApiError of(String message, String type, String param, String code) {
        return new ApiError(new Detail(message, type, param, code));
    }
}
