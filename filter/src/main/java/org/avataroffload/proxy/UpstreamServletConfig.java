package org.avataroffload.proxy;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The container's ServletConfig with the proxy's init parameters filled in from {@code UpstreamConfig}: those win
 * over web.xml, anything else (e.g. {@code viaHost}) still comes from the container.
 */
final class UpstreamServletConfig implements ServletConfig {
    private final ServletConfig container;
    private final Map<String, String> parameters;

    UpstreamServletConfig(ServletConfig container, Map<String, String> parameters) {
        this.container = container;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public String getServletName() {
        return container.getServletName();
    }

    @Override
    public ServletContext getServletContext() {
        return container.getServletContext();
    }

    @Override
    public String getInitParameter(String name) {
        String value = parameters.get(name);
        return value != null ? value : container.getInitParameter(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        Set<String> names = new LinkedHashSet<>(parameters.keySet());
        names.addAll(Collections.list(container.getInitParameterNames()));
        return Collections.enumeration(names);
    }
}
