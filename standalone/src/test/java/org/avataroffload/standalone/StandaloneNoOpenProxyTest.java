package org.avataroffload.standalone;

import java.net.URI;
import java.nio.file.Path;

import org.avataroffload.proxy.NoOpenProxyContract;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.io.TempDir;

/** The whole standalone server (fast path, avatar filter, forum proxy): no open proxy. */
class StandaloneNoOpenProxyTest extends NoOpenProxyContract {
    @TempDir
    static Path dir;
    private Proxy proxy;

    @Override
    protected int startFront(URI forum) {
        proxy = Proxy.start(TestConfig.builder().upstream(forum).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(EndToEndContract.USER_AVATAR)
                .build());
        return proxy.uri().getPort();
    }

    @Override
    protected void stopFront() {
        if (proxy != null) proxy.close();
    }
}
