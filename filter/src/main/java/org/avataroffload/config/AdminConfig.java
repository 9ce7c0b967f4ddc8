package org.avataroffload.config;

/** The admin endpoints ({@code health}, {@code metrics}) live under this path. */
public record AdminConfig(String path) {
    public static final AdminConfig DEFAULT = new AdminConfig("/_offload");

    public AdminConfig {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("admin.path must start with '/' and not end with '/', got " + path);
        }
    }
}
