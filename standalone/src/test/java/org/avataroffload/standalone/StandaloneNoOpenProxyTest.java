package org.avataroffload.standalone;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.CacheConfig;
import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.ServerConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.proxy.NoOpenProxyContract;
import org.junit.jupiter.api.io.TempDir;

/** The whole standalone server (fast path, avatar filter, forum proxy): no open proxy. */
class StandaloneNoOpenProxyTest extends NoOpenProxyContract {
    @TempDir
    static Path dir;
    private Proxy proxy;

    @Override
    protected int startFront(URI forum) {
        proxy = Proxy.start(new OffloadConfig(new ServerConfig("127.0.0.1", 0), UpstreamConfig.of(forum),
                new StoreConfig(StoreConfig.Type.FILE, new FileStoreConfig(dir.resolve("store")), null),
                new CacheConfig(dir.resolve("cache"), 16L << 20, 4L << 20), ImageConfig.DEFAULT,
                List.of(EndToEndContract.USER_AVATAR), AdminConfig.DEFAULT));
        return proxy.uri().getPort();
    }

    @Override
    protected void stopFront() {
        if (proxy != null) proxy.close();
    }
}
