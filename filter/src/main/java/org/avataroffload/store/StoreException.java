package org.avataroffload.store;

/** The store could not answer: down, denied, timed out, or it did not confirm a write. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
