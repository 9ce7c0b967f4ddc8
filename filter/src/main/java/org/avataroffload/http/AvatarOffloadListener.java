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
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.proxy.ForumProxyServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts avatar-offload inside a servlet container (the WAR) and stops it on undeploy. The config file's path comes
 * from the first of these that is set (not blank): the context init-param {@value #CONFIG}, the system property
 * {@value #CONFIG}, the environment variable {@value #CONFIG_ENV}. The most specific wins: a context param names one
 * webapp, a system property one JVM, the environment the whole machine.
 *
 * <p>Undeploying stops every thread the webapp started and lets go of what the JVM's shared registries hold of its
 * class loader (ImageIO's plugins), so the container can unload it.
 */
public final class AvatarOffloadListener implements ServletContextListener {
    public static final String CONFIG = "avatar-offload.config";
    public static final String CONFIG_ENV = "OFFLOAD_CONFIG";
    private static final Logger LOG = LoggerFactory.getLogger(AvatarOffloadListener.class);

    /** Where the config path was found, said in the start line so an operator knows which setting won. */
    record ConfigPath(Path file, String source) {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ConfigPath path = configPath(context.getInitParameter(CONFIG), System.getProperty(CONFIG),
                System.getenv(CONFIG_ENV)).orElseThrow(() -> new IllegalStateException(
                "avatar-offload: no config file: set the context init-param or system property " + CONFIG
                        + ", or the environment variable " + CONFIG_ENV));
        OffloadConfig config = ConfigLoader.load(path.file(), System.getenv());
        if (config.upstream().url().isEmpty()) {
            throw new IllegalStateException("avatar-offload: " + path.file()
                    + ": upstream.url is required in a servlet container");
        }
        if (config.admin().ownPort()) {
            throw new IllegalStateException("avatar-offload: " + path.file() + ": admin.port is for the standalone server"
                    + " only: in a servlet container the admin endpoints share the container's port; protect them with"
                    + " admin.token (or the container's own security constraints) instead");
        }
        AvatarOffload offload = AvatarOffload.start(config);
        context.setAttribute(AvatarOffload.class.getName(), offload);
        context.setAttribute(ForumProxyServlet.UPSTREAM_CONFIG_ATTRIBUTE, config.upstream());
        context.setAttribute(OffloadMetrics.class.getName(), offload.metrics());
        LOG.info("avatar-offload started: config {} (from {})", path.file(), path.source());
        Banner.log(LOG, offload, Optional.empty());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object offload = context.getAttribute(AvatarOffload.class.getName());
        context.removeAttribute(AvatarOffload.class.getName());
        context.removeAttribute(OffloadMetrics.class.getName());
        try {
            if (offload instanceof AvatarOffload running) running.close();
        } finally {
            // our own loader, not the thread's: only what this webapp itself loaded is let go
            int released = WebappRelease.imageIoPlugins(AvatarOffloadListener.class.getClassLoader());
            LOG.info("avatar-offload stopped ({} ImageIO plugins of this webapp deregistered)", released);
        }
    }

    /** The first of the three that is set and not blank, most specific first. */
    static Optional<ConfigPath> configPath(String initParameter, String systemProperty, String environment) {
        if (isSet(initParameter)) return Optional.of(new ConfigPath(Path.of(initParameter), "context init-param " + CONFIG));
        if (isSet(systemProperty)) return Optional.of(new ConfigPath(Path.of(systemProperty), "system property " + CONFIG));
        if (isSet(environment)) return Optional.of(new ConfigPath(Path.of(environment), "environment variable " + CONFIG_ENV));
        return Optional.empty();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
