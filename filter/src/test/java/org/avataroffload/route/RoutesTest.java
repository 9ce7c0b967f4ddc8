package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.StoreKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutesTest {
    static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
    static final RouteConfig LETTER = new RouteConfig("letter",
            "/letter_avatar_proxy/{v}/letter/{letter}/{color}/{size}.png", "{v}/{letter}/{color}",
            List.of(20, 25, 30, 32, 37, 40, 45, 48, 50, 60, 64, 67, 75, 90, 96, 120, 135, 180, 240, 360),
            "/letter_avatar_proxy/{v}/letter/{letter}/{color}/{size}.png");
    private final Routes routes = new Routes(List.of(USER_AVATAR, LETTER));

    @Test
    void match_fillsEveryPlaceholderAndTheKey() {
        AvatarRequest request = routes.match("/user_avatar/forum.example.com/sam/48/42_2.png", null).orElseThrow();

        assertThat(request.route().name()).isEqualTo("user_avatar");
        assertThat(request.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "hostname", "forum.example.com", "username", "sam", "size", "48", "version", "42_2"));
        assertThat(request.size()).isEqualTo(48);
        assertThat(request.key()).isEqualTo("forum.example.com/sam/42_2");
        assertThat(request.sizeKey()).isEqualTo("user_avatar/forum.example.com/sam/42_2/48/source");
    }

    @Test
    void match_refusesASizeWithALeadingZero_soOneImageHasOneUrl() {
        assertThat(routes.match("/user_avatar/forum.example.com/sam/0048/42_2.png", null)).isEmpty();
        assertThat(routes.match("/user_avatar/forum.example.com/sam/048/42_2.png", null)).isEmpty();
        assertThat(routes.match("/user_avatar/forum.example.com/sam/0/42_2.png", null)).isEmpty();
        assertThat(routes.match("/user_avatar/forum.example.com/sam/480/42_2.png", null)).isPresent();
    }

    @Test
    void match_triesRoutesInOrder() {
        AvatarRequest request = routes.match("/letter_avatar_proxy/v4/letter/s/8c91f0/120.png", null).orElseThrow();

        assertThat(request.route().name()).isEqualTo("letter");
        assertThat(request.key()).isEqualTo("v4/s/8c91f0");
    }

    @Test
    void match_decodesPercentEncodingOnceAndReencodesTheKey() {
        AvatarRequest request = routes.match("/user_avatar/forum.example.com/L%C3%B6we/48/42_2.png", null).orElseThrow();

        assertThat(request.values().get("username")).isEqualTo("Löwe");
        assertThat(request.key()).isEqualTo("forum.example.com/L%C3%B6we/42_2");
    }

    @Test
    void sourcePath_isTheSourceTemplateAtTheLargestSize() {
        AvatarRequest request = routes.match("/user_avatar/forum.example.com/L%C3%B6we/48/42_2.png", null).orElseThrow();

        assertThat(request.route().sourcePath(request)).isEqualTo("/user_avatar/forum.example.com/L%C3%B6we/288/42_2.png");
        assertThat(request.route().pathAt(request, 96)).isEqualTo("/user_avatar/forum.example.com/L%C3%B6we/96/42_2.png");
    }

    @ParameterizedTest(name = "{0} is not an avatar request")
    @ValueSource(strings = {
        "/user_avatar/forum.example.com/sam/48/42_2.jpg",          // other extension
        "/user_avatar/forum.example.com/sam/48/42_2.png/extra",    // extra segment
        "/user_avatar/forum.example.com/sam/48",                   // too short
        "/user_avatar/forum.example.com/sam/4x8/42_2.png",         // size not digits
        "/user_avatar/forum.example.com/sam/12345/42_2.png",       // size too long
        "/user_avatar/forum.example.com/../48/42_2.png",           // dot-dot
        "/user_avatar/forum.example.com/a..b/48/42_2.png",         // dot-dot inside a value
        "/user_avatar/forum.example.com/sam/48/..png",             // a value of "."
        "/user_avatar/forum.example.com/sam/48/%2E.png",           // the same, encoded
        "/user_avatar/forum.example.com/.tmp-x/48/42_2.png",       // a hidden name, like the stores' temp files
        "/user_avatar/forum.example.com/sa%2Fm/48/42_2.png",       // encoded slash
        "/user_avatar/forum.example.com/sa%00m/48/42_2.png",       // NUL
        "/user_avatar/forum.example.com/%252e%252e/48/42_2.png",   // double encoding stays literal, '%' is refused
        "/user_avatar/forum.example.com/sa%2/48/42_2.png",         // broken escape
        "/user_avatar/forum.example.com/%C3%28/48/42_2.png",       // invalid UTF-8
        "/user_avatar/forum.example.com/sam;jsessionid=1/48/42_2.png",
        "/user_avatar/forum.example.com//48/42_2.png",             // empty value
        "/user_avatar/forum.example.com/sam/48/.png",              // empty version
        "/other/path",
        ""
    })
    void match_refusesUnsafeOrForeignPaths(String path) {
        assertThat(routes.match(path, null)).isEmpty();
    }

    @Test
    void everyMatchedKey_isAcceptedByTheStores(@TempDir Path dir) {
        // a key the route builds must never be one a store refuses: that would be an error instead of the forum's answer
        FileObjectStore store = new FileObjectStore(dir);
        Random random = new Random(7);
        String alphabet = "aZ9._-%2E%C3%A9/";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = 1 + random.nextInt(8); n > 0; n--) value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            routes.match("/user_avatar/h/" + value + "/48/1_2.png", null).ifPresent(request -> {
                String master = StoreKeys.master(request.route().name(), request.key());
                String derived = StoreKeys.derivedPrefix(request.route().name(), request.key(), request.size());
                assertThatCode(() -> store.head(master)).as(master).doesNotThrowAnyException();
                assertThatCode(() -> store.list(derived)).as(derived).doesNotThrowAnyException();
            });
        }
    }

    @Test
    void match_refusesOverlongValues() {
        String longName = "a".repeat(PlaceholderValues.MAX_LENGTH + 1);
        assertThat(routes.match("/user_avatar/h/" + longName + "/48/1.png", null)).isEmpty();
        assertThat(routes.match("/user_avatar/h/" + "a".repeat(PlaceholderValues.MAX_LENGTH) + "/48/1.png", null)).isPresent();
    }

    @Test
    void match_splitsTwoPlaceholdersInOneSegmentAtTheFirstSeparator() {
        Routes split = new Routes(List.of(new RouteConfig("r", "/a/{size}/{id}_{version}.png", "{id}/{version}",
                List.of(48), "/a/{size}/{id}_{version}.png")));

        AvatarRequest request = split.match("/a/48/4_2_3.png", null).orElseThrow();

        assertThat(request.values()).containsEntry("id", "4").containsEntry("version", "2_3");
        assertThat(split.match("/a/48/_2.png", null)).isEmpty();
        assertThat(split.match("/a/48/42.png", null)).isEmpty();
    }

    @Test
    void decide_servesListedSizes() {
        assertThat(route(USER_AVATAR).decide(48)).isInstanceOf(Route.Allowed.class);
    }

    @Test
    void decide_redirectsToTheClosestSizeAndOnATieToTheEarlierInTheList() {
        Route route = route(USER_AVATAR);
        assertThat(route.decide(50)).isEqualTo(new Route.Nearest(48));
        assertThat(route.decide(60)).isEqualTo(new Route.Nearest(48)); // 48 and 72 are both 12 away
        assertThat(route.decide(1000)).isEqualTo(new Route.Nearest(288));
        assertThat(route.decide(8)).isEqualTo(new Route.Nearest(24));
    }

    @Test
    void decide_worksWithThePre2023SizeList() {
        Route route = route(LETTER); // 20, 25, 30, 32, 37, 40, 45, 48, 50, 60, 64, 67, 75, 90, 96, 120, 135, 180, 240, 360
        assertThat(route.decide(37)).isInstanceOf(Route.Allowed.class);
        assertThat(route.decide(100)).isEqualTo(new Route.Nearest(96));
        assertThat(route.decide(31)).isEqualTo(new Route.Nearest(30)); // 30 and 32 are both 1 away
        assertThat(route.decide(49)).isEqualTo(new Route.Nearest(48)); // 48 and 50 are both 1 away
        assertThat(route.decide(1000)).isEqualTo(new Route.Nearest(360));
    }

    @Test
    void decide_sendsSizesOutside8To1000ToTheForum() {
        Route route = route(USER_AVATAR);
        assertThat(route.decide(7)).isInstanceOf(Route.OutOfRange.class);
        assertThat(route.decide(1001)).isInstanceOf(Route.OutOfRange.class);
        assertThat(route.decide(0)).isInstanceOf(Route.OutOfRange.class);
    }

    private static Route route(RouteConfig config) {
        return new Route(config);
    }
}
