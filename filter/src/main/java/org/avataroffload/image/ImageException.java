package org.avataroffload.image;

/**
 * An image the pipeline will not or cannot render. It carries an HTTP status and a message safe to show a client
 * (no stack trace, no path): 413 over a limit, 415 not a supported format, 422 undecodable.
 */
public final class ImageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ImageException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ImageException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ImageException tooLarge(String message) {
        return new ImageException(413, message);
    }

    public static ImageException unsupported(String message) {
        return new ImageException(415, message);
    }

    public static ImageException undecodable(String message, Throwable cause) {
        return new ImageException(422, message, cause);
    }
}
