package org.avataroffload.proxy;

import java.net.URI;

import org.avataroffload.config.UpstreamConfig;

/** The proxy servlet alone, as the WAR runs it, in a real Jetty: no open proxy. */
class ForumProxyServletNoOpenProxyTest extends NoOpenProxyContract {
    private JettyFront front;

    @Override
    protected int startFront(URI forum) throws Exception {
        front = JettyFront.start(new ForumProxyServlet(UpstreamConfig.of(forum)));
        return front.port();
    }

    @Override
    protected void stopFront() {
        if (front != null) front.close();
    }
}
