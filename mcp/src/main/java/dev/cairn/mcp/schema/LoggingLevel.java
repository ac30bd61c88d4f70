package dev.cairn.mcp.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Log severities of RFC 5424, least severe first, so {@code compareTo} orders them. */
public enum LoggingLevel {
    @JsonProperty("debug") DEBUG,
    @JsonProperty("info") INFO,
    @JsonProperty("notice") NOTICE,
    @JsonProperty("warning") WARNING,
    @JsonProperty("error") ERROR,
    @JsonProperty("critical") CRITICAL,
    @JsonProperty("alert") ALERT,
    @JsonProperty("emergency") EMERGENCY;

    public boolean atLeast(LoggingLevel threshold) {
        return compareTo(threshold) >= 0;
    }
}
