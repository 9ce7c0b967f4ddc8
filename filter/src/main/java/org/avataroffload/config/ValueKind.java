package org.avataroffload.config;

/**
 * What a placeholder's value may be, and how it is normalised into the master's key. Every kind is percent-decoded
 * exactly once first and never holds '/', NUL, a leading '.' or "..". A value that does not fit its kind is not an
 * avatar request: the forum answers it.
 */
public enum ValueKind {
    /** The default: Unicode letters and digits plus {@code . _ -}, at most 128 characters, kept as it is. */
    TEXT,
    /** A host name: ASCII letters, digits, {@code . _ -}, at most 253 characters, lower-cased. */
    HOSTNAME,
    /**
     * A Discourse username: Unicode letters, marks and digits plus {@code . _ -}, at most 60 characters, lower-cased
     * (the forum's {@code username_lower}), so {@code Sam}, {@code sam} and {@code SAM} are one master.
     */
    USERNAME,
    /**
     * Discourse's {@code <upload id>_<version>}: the version may be left out and then means the current one (2);
     * normalised to {@code <id>_2}, so {@code 42} and {@code 42_2} are one master. Any other version goes to the forum.
     */
    UPLOAD,
    /** Hexadecimal digits (a colour), at most 8, lower-cased. */
    HEX
}
