package org.avataroffload.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.spi.IIORegistry;

/**
 * Lets go of what JVM-wide registries hold of a webapp's class loader when it is undeployed. ImageIO's registry is
 * shared by every webapp of the JVM: the plugins our WAR registered (TwelveMonkeys, WebP) would keep its class loader,
 * and every class it loaded, alive after undeploy, and a redeployed WAR would find the old plugins first.
 */
final class WebappRelease {
    private WebappRelease() {
    }

    /**
     * Deregisters every ImageIO plugin that {@code webapp} loaded; returns how many. Plugins of the application class
     * path belong to the whole JVM (embedded use, tests), so nothing is deregistered for the system class loader.
     */
    static int imageIoPlugins(ClassLoader webapp) {
        if (webapp == null || webapp == ClassLoader.getSystemClassLoader()) return 0;
        IIORegistry registry = IIORegistry.getDefaultInstance();
        int released = 0;
        for (Iterator<Class<?>> categories = registry.getCategories(); categories.hasNext(); ) {
            Class<?> category = categories.next();
            List<Object> ours = new ArrayList<>();
            registry.getServiceProviders(category, false).forEachRemaining(provider -> {
                if (provider.getClass().getClassLoader() == webapp) ours.add(provider);
            });
            for (Object provider : ours) {
                if (deregister(registry, provider, category)) released++;
            }
        }
        return released;
    }

    private static <T> boolean deregister(IIORegistry registry, Object provider, Class<T> category) {
        return registry.deregisterServiceProvider(category.cast(provider), category);
    }
}
