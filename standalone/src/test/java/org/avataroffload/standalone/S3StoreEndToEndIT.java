package org.avataroffload.standalone;

import org.avataroffload.config.StoreConfig;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The end-to-end contract on S3: a real s3proxy on 127.0.0.1. The proxy finds its credentials the way production
 * does, through the AWS SDK's default chain (here its first link, the aws.* system properties).
 */
class S3StoreEndToEndIT extends EndToEndContract {
    private S3ProxyServer s3proxy;
    private String previousKey;
    private String previousSecret;

    @Override
    @BeforeAll
    void startForumAndProxy() {
        s3proxy = S3ProxyServer.launch();
        s3proxy.createBucket("e2e-avatars");
        previousKey = System.setProperty("aws.accessKeyId", s3proxy.identity());
        previousSecret = System.setProperty("aws.secretAccessKey", s3proxy.credential());
        super.startForumAndProxy();
    }

    @Override
    StoreConfig store() {
        return s3proxy.config("e2e-avatars");
    }

    @Override
    @AfterAll
    void stopAll() {
        super.stopAll();
        restore("aws.accessKeyId", previousKey);
        restore("aws.secretAccessKey", previousSecret);
        if (s3proxy != null) s3proxy.close();
    }

    private static void restore(String property, String previous) {
        if (previous == null) System.clearProperty(property); else System.setProperty(property, previous);
    }
}
