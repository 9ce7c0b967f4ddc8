package org.avataroffload.war;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** A servlet container running in this JVM, into which a test deploys the built WAR and undeploys it again. */
interface WarContainer extends AutoCloseable {
    /** Deploys {@code war} at the root context with these context init-params; returns once it answers. */
    Deployment deploy(Path war, Map<String, String> contextParams) throws Exception;

    /** A name for messages: "Tomcat 10.1", "Jetty 12 ee10". */
    String name();

    @Override
    void close() throws Exception;

    /** One deployed webapp. */
    interface Deployment {
        URI base();

        /** The webapp's own class loader: every thread it starts carries it as its context class loader. */
        ClassLoader classLoader();

        /** Stops and removes the webapp; the container keeps running. */
        void undeploy() throws Exception;
    }
}
