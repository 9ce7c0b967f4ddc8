package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.junit.jupiter.api.Test;

/** The one decision both entry points act on: method, raw path, Accept (and for admin paths the caller) in, what to do out. */
class RequestRouterTest {
    static final RouteConfig REDIRECTING = new RouteConfig("cdn_avatar", "/cdn/{username}/{size}.png", "{username}",
            List.of(48, 96), "/cdn/{username}/{size}.png", Map.of(), OutputFormat.SOURCE, OptionalInt.empty(), false,
            Optional.of(URI.create("https://cdn.example/avatars/")));
    private final Routes routes = new Routes(List.of(RoutesTest.USER_AVATAR, REDIRECTING));
    private final RequestRouter router = new RequestRouter(routes, AdminConfig.DEFAULT);
    static final Caller LOCAL = new Caller("127.0.0.1", name -> List.of());
    static final Caller OUTSIDE = new Caller("203.0.113.7", name -> List.of());

    @Test
    void anAllowedSize_isServed_orLocatedWhereTheRouteRedirects() {
        assertThat(router.decide("GET", "/user_avatar/h/alice/48/1_2.png", null, LOCAL))
                .isInstanceOfSatisfying(RequestDecision.Serve.class,
                        serve -> assertThat(serve.request().sizeKey()).startsWith("user_avatar/h/alice/1_2/48/"));
        assertThat(router.decide("HEAD", "/cdn/alice/96.png", null, LOCAL))
                .isEqualTo(new RequestDecision.Locate(routes.match("/cdn/alice/96.png", null).orElseThrow(),
                        "https://cdn.example/avatars"));
    }

    @Test
    void anotherSize_isRedirectedToTheNearest_andOneOutOfRangeGoesToTheForum() {
        assertThat(router.decide("GET", "/user_avatar/h/alice/50/1_2.png", null, LOCAL))
                .isInstanceOfSatisfying(RequestDecision.Redirect.class,
                        redirect -> assertThat(redirect.path()).isEqualTo("/user_avatar/h/alice/48/1_2.png"));
        assertThat(router.decide("GET", "/user_avatar/h/alice/1001/1_2.png", null, LOCAL))
                .isInstanceOf(RequestDecision.PassThrough.class);
    }

    @Test
    void otherMethodsAndPaths_areNotOurs() {
        assertThat(router.decide("POST", "/user_avatar/h/alice/48/1_2.png", null, LOCAL))
                .isInstanceOf(RequestDecision.NotOurs.class);
        assertThat(router.decide("GET", "/t/some-topic/1", null, LOCAL)).isInstanceOf(RequestDecision.NotOurs.class);
    }

    @Test
    void theAdminPath_isAdmin_anyMethod_unlessItHasAPortOfItsOwn() {
        assertThat(router.decide("POST", "/_offload/health", null, LOCAL)).isInstanceOf(RequestDecision.Admin.class);
        AdminConfig ownPort = new AdminConfig("/_offload", OptionalInt.of(9090), AdminConfig.DEFAULT_HOST, Optional.empty());
        assertThat(new RequestRouter(routes, ownPort).decide("GET", "/_offload/health", null, LOCAL))
                .isInstanceOf(RequestDecision.NotOurs.class);
    }

    @Test
    void theAdminPath_fromOutsideTheAllowList_isTheForums_butItsHealthStatus() {
        assertThat(router.decide("GET", "/_offload/", null, OUTSIDE)).isInstanceOf(RequestDecision.NotOurs.class);
        assertThat(router.decide("GET", "/_offload/metrics", null, OUTSIDE)).isInstanceOf(RequestDecision.NotOurs.class);
        assertThat(router.decide("GET", "/_offload/health", null, OUTSIDE))
                .isInstanceOf(RequestDecision.PublicHealth.class);
        assertThat(router.decide("HEAD", "/_offload/health", null, OUTSIDE))
                .isInstanceOf(RequestDecision.PublicHealth.class);
        assertThat(router.decide("POST", "/_offload/health", null, OUTSIDE)).isInstanceOf(RequestDecision.NotOurs.class);
    }

    @Test
    void theCaller_isNotAskedForAnAvatarOrAForumPath() {
        Caller unasked = new Caller("203.0.113.7", name -> {
            throw new AssertionError("asked for " + name);
        });

        assertThat(router.decide("GET", "/user_avatar/h/alice/48/1_2.png", null, unasked))
                .isInstanceOf(RequestDecision.Serve.class);
        assertThat(router.decide("GET", "/t/some-topic/1", null, unasked)).isInstanceOf(RequestDecision.NotOurs.class);
    }
}
