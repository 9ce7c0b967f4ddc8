package org.avataroffload.upstream;

/** PLACEHOLDER until the forum client lands. */
public class UpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpstreamException(String message) {
        super(message);
    }
}
