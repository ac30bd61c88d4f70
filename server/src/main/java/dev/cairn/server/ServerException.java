package dev.cairn.server;

import dev.cairn.core.CairnException;

/**
 * A request the server refuses or cannot serve, with what the client gets: the HTTP status and OpenAI's error
 * {@code type}, the request field at fault ({@code param}) and a machine-readable {@code code}, both nullable.
 */
public final class ServerException extends CairnException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public ServerException(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400 invalid_request_error about {@code param}. */
    public static ServerException invalid(String param, String message) {
        return new ServerException(400, "invalid_request_error", param, null, message);
    }

    /** The server cannot start (port taken, unknown host, ...). */
    public static ServerException startup(String message) {
        return new ServerException(500, "server_error", null, null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
