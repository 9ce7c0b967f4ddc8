package org.avataroffload.standalone;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.AvatarOffload;
import org.avataroffload.Banner;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.standalone.demo.DemoForum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running standalone proxy: the demo forum when the config asks for it ({@code upstream.demo: true}), the
 * avatar-offload core, and the embedded Jetty server in front. Closing stops them in reverse order, letting requests in
 * flight finish.
 */
public final class Proxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
    private final DemoForum demo;
    private final AvatarOffload offload;
    private final EmbeddedServer server;

    private Proxy(DemoForum demo, AvatarOffload offload, EmbeddedServer server) {
        this.demo = demo;
        this.offload = offload;
        this.server = server;
    }

    public static Proxy start(OffloadConfig config) {
        DemoForum demo = null;
        AvatarOffload offload = null;
        try {
            if (config.upstream().url().isEmpty()) {
                demo = DemoForum.start(adminLink(config.admin().path(), config.admin().port(),
                        config.admin().host()));
                config = config.withUpstream(config.upstream().withUrl(demo.uri()));
                LOG.info("upstream.demo: true: started the demo forum at {}", demo.uri());
            }
            offload = AvatarOffload.start(config);
            EmbeddedServer server = EmbeddedServer.start(offload);
            Banner.log(LOG, offload, Optional.of(server.uri()));
            return new Proxy(demo, offload, server);
        } catch (RuntimeException e) {
            if (offload != null) offload.close();
            if (demo != null) demo.close();
            throw e;
        }
    }

    /** The admin endpoints as the demo page links them: on the main port by path, else at admin.host:admin.port. */
    static String adminLink(String path, OptionalInt port, String host) {
        if (port.isEmpty() || port.getAsInt() == 0) return path; // a free port is chosen later: the path says where
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port.getAsInt() + path;
    }

    /** Where the proxy listens, with the port actually bound (config port 0 picks a free one). */
    public URI uri() {
        return server.uri();
    }

    /** Where the admin endpoints listen when {@code admin.port} gives them a connector of their own. */
    public Optional<URI> adminUri() {
        return server.adminUri();
    }

    public AvatarOffload offload() {
        return offload;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                offload.close(); // its pools, clients, store and logs, even if the server would not stop cleanly
            } finally {
                if (demo != null) demo.close();
            }
        }
    }
}
