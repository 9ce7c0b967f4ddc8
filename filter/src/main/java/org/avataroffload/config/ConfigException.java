package org.avataroffload.config;

/**
 * The configuration cannot be used. The message is one line a person can act on, in the form
 * {@code <file>:<line>: <key path>: <what is wrong>}, e.g. {@code conf/x.yml:7: server.port: expected an integer,
 * got "eighty"}. A value that came from the environment is named by its variable instead of a line:
 * {@code env OFFLOAD_SERVER_PORT: server.port: ...}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // a log line or a CLI error stays one line even when a YAML library message or a value spans several
    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
