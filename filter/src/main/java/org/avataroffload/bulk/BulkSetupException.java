package org.avataroffload.bulk;

/**
 * A bulk command cannot start: a manifest without the columns it needs, a key pattern that does not fit the route,
 * a list that cannot be read. The message is one line a person can act on; the command exits 2 with it.
 */
public final class BulkSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BulkSetupException(String message) {
        super(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
    }

    public BulkSetupException(String message, Throwable cause) {
        super(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip(), cause);
    }
}
