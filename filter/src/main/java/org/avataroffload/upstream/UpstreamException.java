package org.avataroffload.upstream;

import java.util.Objects;

/**
 * The forum gave no usable answer. It carries the HTTP status to answer the client with and a message safe to show
 * (no stack trace, no internal address): 502 unreachable, cut off or over the byte limit, 504 too slow.
 */
public final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why there is no answer; {@link #TOO_LARGE} is the one a caller may want to treat apart (not a master). */
    public enum Kind {
        /** The connection could not be opened: refused, unknown host, connect timeout. */
        UNREACHABLE(502),
        /** The whole exchange took longer than the fetch timeout. */
        TIMEOUT(504),
        /** The body is larger than the byte limit; the download was aborted as soon as that was known. */
        TOO_LARGE(502),
        /** The forum answered but the exchange broke off: reset, truncated body, unparseable response. */
        BROKEN(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status a proxy answers with for this failure. */
    public int status() {
        return kind.status();
    }

    public boolean isTooLarge() {
        return kind == Kind.TOO_LARGE;
    }

    public static UpstreamException unreachable(String message, Throwable cause) {
        return new UpstreamException(Kind.UNREACHABLE, message, cause);
    }

    public static UpstreamException timeout(String message, Throwable cause) {
        return new UpstreamException(Kind.TIMEOUT, message, cause);
    }

    public static UpstreamException tooLarge(String message) {
        return new UpstreamException(Kind.TOO_LARGE, message, null);
    }

    public static UpstreamException broken(String message, Throwable cause) {
        return new UpstreamException(Kind.BROKEN, message, cause);
    }
}
