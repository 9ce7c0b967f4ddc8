package org.avataroffload.config;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code upstream.demo}: the demo forum is started only when a config asks for it, so a production config that
 * forgets {@code upstream.url} stops at start instead of proxying a whole forum to a toy one. After loading, an empty
 * {@code upstream.url} therefore means the demo.
 */
final class DemoFlag {
    private DemoFlag() {
    }

    /** Reads {@code demo} in the upstream section and checks it against {@code url}, at build. */
    static void read(Section upstream, Supplier<Optional<URI>> url) {
        Supplier<Boolean> demo = upstream.flag("demo");
        upstream.check("url", () -> {
            if (url.get().isEmpty() && !demo.get()) {
                throw new IllegalArgumentException("missing: the forum's address, e.g. http://127.0.0.1:3000"
                        + " (or upstream.demo: true starts the demo forum, for a try-out)");
            }
        });
        upstream.check("demo", () -> {
            if (url.get().isPresent() && demo.get()) {
                throw new IllegalArgumentException("true starts the demo forum instead of a forum, but upstream.url is "
                        + "set too: remove one of them");
            }
        });
    }
}
