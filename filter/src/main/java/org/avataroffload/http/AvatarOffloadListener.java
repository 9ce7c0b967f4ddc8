package org.avataroffload.http;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.avataroffload.AvatarOffload;
import org.avataroffload.Banner;
import org.avataroffload.config.ConfigLoader;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.proxy.ForumProxyServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts avatar-offload inside a servlet container (the WAR) and stops it on undeploy. The config file's path comes
 * from, in this order: the context init-param {@value #CONFIG}, the system property {@value #CONFIG}, the environment
 * variable {@value #CONFIG_ENV}.
 */
public final class AvatarOffloadListener implements ServletContextListener {
    public static final String CONFIG = "avatar-offload.config";
    public static final String CONFIG_ENV = "OFFLOAD_CONFIG";
    private static final Logger LOG = LoggerFactory.getLogger(AvatarOffloadListener.class);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Path file = configPath(context).orElseThrow(() -> new IllegalStateException(
                "avatar-offload: no config file: set the context init-param or system property " + CONFIG
                        + ", or the environment variable " + CONFIG_ENV));
        OffloadConfig config = ConfigLoader.load(file, System.getenv());
        if (config.upstream().url().isEmpty()) {
            throw new IllegalStateException("avatar-offload: " + file + ": upstream.url is required in a servlet container");
        }
        AvatarOffload offload = AvatarOffload.start(config);
        context.setAttribute(AvatarOffload.class.getName(), offload);
        context.setAttribute(ForumProxyServlet.UPSTREAM_CONFIG_ATTRIBUTE, config.upstream());
        Banner.log(LOG, offload, Optional.empty());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object offload = event.getServletContext().getAttribute(AvatarOffload.class.getName());
        if (offload instanceof AvatarOffload running) running.close();
    }

    private static Optional<Path> configPath(ServletContext context) {
        String path = context.getInitParameter(CONFIG);
        if (path == null || path.isBlank()) path = System.getProperty(CONFIG);
        if (path == null || path.isBlank()) path = System.getenv(CONFIG_ENV);
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }
}
