package org.avataroffload.store;

import java.util.Objects;

/** The store could not answer: down, denied, timed out, or it did not confirm a write. Carries its kind. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StoreFailure kind;

    public StoreException(StoreFailure kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A local failure: its kind is read from the cause (a permission problem is denied, see {@link StoreFailure}). */
    public StoreException(String message, Throwable cause) {
        this(StoreFailure.ofLocal(cause), message, cause);
    }

    public StoreException(String message) {
        this(StoreFailure.OTHER, message, null);
    }

    public StoreFailure kind() {
        return kind;
    }
}
