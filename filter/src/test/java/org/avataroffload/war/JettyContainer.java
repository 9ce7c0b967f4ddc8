package org.avataroffload.war;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * An embedded Jetty 12 (ee10) on 127.0.0.1, port 0, started empty; webapps come and go while it runs. Its connector
 * takes heads of 32 KB each way and keeps header values' case, as the README tells.
 */
final class JettyContainer implements WarContainer {
    private final Server server = new Server();
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final Path work;
    private final URI base;

    JettyContainer(Path work) throws Exception {
        this.work = Files.createDirectories(work);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(32 * 1024);
        http.setResponseHeaderSize(40 * 1024);
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setTempDirectory(Files.createTempDirectory(work, "webapp-").toFile());
        // a listener that fails must fail the deploy, not leave a context answering 503
        webapp.setThrowUnavailableOnStartupException(true);
        contextParams.forEach(webapp::setInitParameter);
        contexts.addHandler(webapp);
        try {
            webapp.start();
        } catch (Exception e) {
            contexts.removeHandler(webapp);
            throw e;
        }
        ClassLoader loader = webapp.getClassLoader();
        return new Deployment() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public ClassLoader classLoader() {
                return loader;
            }

            @Override
            public void undeploy() throws Exception {
                webapp.stop();
                contexts.removeHandler(webapp);
                webapp.destroy();
            }
        };
    }

    @Override
    public String name() {
        return "Jetty 12 ee10";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
