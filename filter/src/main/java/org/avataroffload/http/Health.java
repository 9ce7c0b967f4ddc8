package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;

import org.avataroffload.AvatarOffload;
import org.avataroffload.route.Route;

/**
 * What the node knows of its own health and its dependencies': one snapshot that both {@code <admin.path>/health}
 * (JSON) and the status page render, so the two never disagree.
 *
 * @param status       UP while the node serves
 * @param dependencies the store and the forum, each with what is known of it
 * @param routes       the route names served
 */
record Health(String status, List<Dependency> dependencies, List<String> routes) {
    static final String UP = "UP";

    Health {
        dependencies = List.copyOf(dependencies);
        routes = List.copyOf(routes);
    }

    /**
     * One dependency.
     *
     * @param name   {@code store} or {@code forum}
     * @param target what it is, without secrets (the store's description, the forum's URL without user info)
     * @param state  what is known of it; UP until something says otherwise
     */
    record Dependency(String name, String target, String state) {
    }

    static Health of(AvatarOffload offload) {
        List<Dependency> dependencies = new ArrayList<>();
        dependencies.add(new Dependency("store", offload.store().describe(), UP));
        offload.config().upstream().url().ifPresent(url ->
                dependencies.add(new Dependency("forum", ConfigSummary.withoutSecrets(url), UP)));
        return new Health(UP, dependencies, offload.routes().all().stream().map(Route::name).toList());
    }

    Dependency store() {
        return dependencies.stream().filter(d -> d.name().equals("store")).findFirst().orElseThrow();
    }

    /** {@code {"status":"UP","store":"s3://…","routes":["user_avatar"]}}. */
    String json() {
        StringBuilder names = new StringBuilder();
        for (String route : routes) {
            if (names.length() > 0) names.append(',');
            names.append('"').append(AdminEndpoints.Json.escape(route)).append('"');
        }
        return "{\"status\":\"" + status + "\",\"store\":\"" + AdminEndpoints.Json.escape(store().target())
                + "\",\"routes\":[" + names + "]}\n";
    }
}
