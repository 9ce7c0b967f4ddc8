package org.avataroffload.war;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat 10.1 on 127.0.0.1, port 0, started empty; webapps come and go while it runs. Its connector takes
 * heads of 32 KB each way, as the README tells (Discourse's own nginx does; Tomcat's default is 8 KB).
 */
final class TomcatContainer implements WarContainer {
    private final Tomcat tomcat = new Tomcat();
    private final URI base;

    TomcatContainer(Path work) throws Exception {
        tomcat.setBaseDir(work.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setProperty("maxHttpHeaderSize", "32768");
        tomcat.getConnector().setProperty("maxHttpRequestHeaderSize", "32768");
        tomcat.getConnector().setProperty("maxHttpResponseHeaderSize", "40960");
        // nginx counts no cookies; Tomcat refuses a request with more than 200 (a forum with many plugins has them)
        tomcat.getConnector().setMaxCookieCount(-1);
        tomcat.getHost().setAppBase(Files.createDirectories(work.resolve("webapps")).toString());
        tomcat.start();
        base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public Deployment deploy(Path war, Map<String, String> contextParams) throws Exception {
        // not started when added, so the init-params are in place before the listener runs
        StandardHost host = (StandardHost) tomcat.getHost();
        host.setStartChildren(false);
        // Tomcat's defaults would add a JSP servlet, whose Jasper is not here: a SEVERE stack trace at every start
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        webappDefaultsWithoutJsp(context);
        host.setStartChildren(true);
        contextParams.forEach(context::addParameter);
        context.start();
        if (context.getState() != LifecycleState.STARTED) {
            host.removeChild(context);
            throw new IllegalStateException("the WAR did not start in Tomcat: " + context.getState());
        }
        ClassLoader loader = context.getLoader().getClassLoader();
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
            public void undeploy() {
                // removing the child stops and destroys the context, as Tomcat's own undeploy does
                tomcat.getHost().removeChild(context);
            }
        };
    }

    /** Tomcat.initWebappDefaults less its JSP servlet: the default servlet, MIME types, welcome files. */
    private static void webappDefaultsWithoutJsp(Context context) {
        Wrapper servlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        servlet.setLoadOnStartup(1);
        servlet.setOverridable(true);
        context.addServletMappingDecoded("/", "default");
        context.setSessionTimeout(30);
        Tomcat.addDefaultMimeTypeMappings(context);
        context.addWelcomeFile("index.html");
    }

    @Override
    public String name() {
        return "Tomcat 10.1";
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
