package org.avataroffload.testing;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a body was, without holding it: length, SHA-256, its first bytes (to show in a report), and when each piece
 * arrived (milliseconds since {@code startNanos}, with the body length reached).
 */
public final class BodyDigest implements Wire.Sink {
    /** A piece of body that arrived {@code atMillis} after the start, ending at body offset {@code endOffset}. */
    public record Piece(long atMillis, long endOffset) {
    }

    private final MessageDigest sha256;
    private final ByteArrayOutputStream start = new ByteArrayOutputStream();
    private final int keep;
    private final long startNanos;
    private final List<Piece> pieces = new ArrayList<>();
    private long length;

    public BodyDigest(int keep, long startNanos) {
        this.keep = keep;
        this.startNanos = startNanos;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void piece(byte[] buffer, int offset, int count) {
        sha256.update(buffer, offset, count);
        int kept = Math.min(count, keep - start.size());
        if (kept > 0) start.write(buffer, offset, kept);
        length += count;
        pieces.add(new Piece((System.nanoTime() - startNanos) / 1_000_000, length));
    }

    public long length() {
        return length;
    }

    public String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    public byte[] start() {
        return start.toByteArray();
    }

    public List<Piece> pieces() {
        return List.copyOf(pieces);
    }
}
