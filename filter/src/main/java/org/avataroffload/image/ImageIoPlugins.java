package org.avataroffload.image;

import javax.imageio.ImageIO;

/**
 * Makes ImageIO see the TwelveMonkeys readers, once per class loader.
 *
 * <p>ImageIO's registry is filled from the class path of whoever touched ImageIO first; in a webapp that may be the
 * container, which cannot see WEB-INF/lib. {@link ImageIO#scanForPlugins()} looks again through the thread's context
 * class loader, so the first pipeline must be built on a thread that sees the plugins (a filter's init does).
 * The disk cache is off: masters are in memory already, and a temp directory is one more thing to fail.
 */
final class ImageIoPlugins {
    static {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private ImageIoPlugins() {
    }

    /** Does nothing itself: calling it runs the class initialiser above, which the JVM runs exactly once. */
    static void ensureRegistered() {
    }
}
