package org.avataroffload.standalone.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** The demo forum's users and their avatars, drawn in code: a gradient square with the user's initial. */
final class DemoAvatars {
    record User(String name, Color color, boolean jpeg) {
    }

    static final List<User> USERS = List.of(
            new User("alice", new Color(0xE4, 0x57, 0x35), false),
            new User("bob", new Color(0x0E, 0x76, 0xBD), true),
            new User("chloé", new Color(0x25, 0xAA, 0x6E), false),
            new User("dmitri", new Color(0x9B, 0x59, 0xB6), false));

    static final Color BLANK_BACKGROUND = new Color(0xE4, 0xE6, 0xEB);
    static final Color BLANK_FIGURE = new Color(0x9A, 0xA0, 0xA8);

    private DemoAvatars() {
    }

    static User find(String username) {
        String lower = username.toLowerCase(Locale.ROOT);
        return USERS.stream().filter(u -> u.name().equals(lower)).findFirst().orElse(null);
    }

    static byte[] draw(User user, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, user.color().brighter(), size, size, user.color().darker()));
        g.fillRect(0, 0, size, size);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(1, size * 11 / 20)));
        String initial = user.name().substring(0, 1).toUpperCase(Locale.ROOT);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(initial, (size - metrics.stringWidth(initial)) / 2,
                (size - metrics.getHeight()) / 2 + metrics.getAscent());
        g.dispose();
        return encode(image, user.jpeg() ? "jpeg" : "png");
    }

    /**
     * The forum's answer for a user it does not know: a 250×250 PNG, a grey silhouette on light grey. Discourse's own
     * is fully transparent, which shows as an empty gap on the demo page; this one shows where it went.
     */
    static byte[] blank() {
        int size = 250;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(BLANK_BACKGROUND);
        g.fillRect(0, 0, size, size);
        g.setColor(BLANK_FIGURE);
        g.fillOval(size * 33 / 100, size * 17 / 100, size * 34 / 100, size * 34 / 100); // head
        g.fillOval(size * 15 / 100, size * 56 / 100, size * 70 / 100, size * 64 / 100); // shoulders, cut at the bottom
        g.dispose();
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
