package org.avataroffload.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.avataroffload.http.AvatarOffloadListener;
import org.avataroffload.testing.Answer;
import org.avataroffload.testing.ExchangeDiff;
import org.avataroffload.testing.RawClient;
import org.avataroffload.testing.RecordingUpstream;
import org.avataroffload.testing.RequestShape;
import org.avataroffload.testing.RequestShapes;
import org.avataroffload.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR's pass-through in a real container, on the request shapes of the differential suite that a servlet
 * container could get wrong: streamed answers reach the client piece by piece, interim responses are followed by the
 * final answer, and big heads pass both ways byte for byte. The container is set up as the README tells (heads of
 * 32 KB each way); the jar is compared with nginx shape by shape in {@code NginxDifferentialIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WarPassThroughContract {
    /** The forum pauses 1.5 s between pieces: held to the end, the first and the last would arrive together. */
    private static final long HELD_APART_MILLIS = 1_000;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private RecordingUpstream forum;
    private WarContainer container;
    private WarContainer.Deployment deployment;

    /** Starts the container, empty, with heads of 32 KB allowed each way. */
    abstract WarContainer startContainer(Path dir) throws Exception;

    @BeforeAll
    void deployWar(@TempDir Path work) throws Exception {
        forum = RecordingUpstream.start();
        container = startContainer(work.resolve("container"));
        Path config = WarConfigs.fileStore(work.resolve("offload"), forum.uri());
        deployment = container.deploy(WarContract.builtWar(), Map.of(AvatarOffloadListener.CONFIG, config.toString()));
    }

    @AfterAll
    void undeployWar() throws Exception {
        try {
            if (deployment != null) deployment.undeploy();
            if (container != null) container.close();
        } finally {
            if (forum != null) forum.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"message-bus-long-poll", "sse-chunked", "sse-close-delimited"})
    void aStreamedAnswer_reachesTheClientPieceByPiece(String shapeName) throws Exception {
        RequestShape shape = shape(shapeName);
        RawClient.Response clientResponse = exchange(shape).clientResponse();

        assertThat(clientResponse.status()).isEqualTo(200);
        assertThat(clientResponse.ending()).isEqualTo("complete");
        List<Long> marks = shape.streamedMarks();
        long first = ExchangeDiff.arrival(clientResponse, marks.get(0));
        long last = ExchangeDiff.arrival(clientResponse, marks.get(marks.size() - 1));
        assertThat(first).as("the first piece arrived").isNotNegative();
        assertThat(last - first).as("ms between the first piece and the last: not held to the end")
                .isGreaterThanOrEqualTo(HELD_APART_MILLIS);
        assertThat(headerValues(clientResponse.headerLines(), "Content-Length"))
                .as("no length invented for a streamed answer").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"early-hints-103", "unsolicited-100-continue"})
    void anInterimResponse_isFollowedByTheFinalAnswer(String shapeName) throws Exception {
        RawClient.Response clientResponse = exchange(shape(shapeName)).clientResponse();

        assertThat(clientResponse.status()).isEqualTo(200);
        assertThat(clientResponse.ending()).isEqualTo("complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"response-link-20k-one-line", "response-link-20k-several-lines", "response-csp-6k",
        "response-set-cookie-quoted-expires", "response-set-cookie-several"})
    void bigAndQuotedResponseHeaders_reachTheClientByteForByte(String shapeName) throws Exception {
        RequestShape shape = shape(shapeName);
        RawClient.Response clientResponse = exchange(shape).clientResponse();

        assertThat(clientResponse.status()).isEqualTo(200);
        Wire.Head forumHead = finalHead(shape.upstreamAnswer());
        for (String name : List.of("Link", "Content-Security-Policy", "Set-Cookie")) {
            assertThat(headerLines(clientResponse.headerLines(), name)).as(name)
                    .isEqualTo(headerLines(forumHead.headerLines(), name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cookie-8k", "cookie-16k", "cookie-3-lines-of-10k"})
    void bigRequestCookies_reachTheForumByteForByte(String shapeName) throws Exception {
        RequestShape shape = shape(shapeName);
        ExchangeDiff.Exchange exchange = exchange(shape);

        assertThat(exchange.clientResponse().status()).as(() -> described(exchange.clientResponse()))
                .isEqualTo(200);
        Wire.Head clientHead = Wire.Head.parse(shape.clientRequest().head());
        assertThat(exchange.upstreamRequests()).singleElement().satisfies(received ->
                assertThat(headerLines(received.head().headerLines(), "Cookie"))
                        .isEqualTo(headerLines(clientHead.headerLines(), "Cookie")));
    }

    private static String described(RawClient.Response response) {
        return response.statusLine() + " " + response.headerLines() + " "
                + new String(response.bodyStart(), StandardCharsets.UTF_8);
    }

    private ExchangeDiff.Exchange exchange(RequestShape shape) throws Exception {
        forum.answer(shape.upstreamAnswer());
        RawClient.Response clientResponse = RawClient.exchange(deployment.base().getPort(), shape.clientRequest(),
                shape.patience());
        return new ExchangeDiff.Exchange(forum.takeAll(SETTLE), clientResponse);
    }

    private static RequestShape shape(String name) {
        return RequestShapes.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The head of the forum's final answer: the first written head that is not a 1xx. */
    private static Wire.Head finalHead(Answer answer) {
        for (Answer.Step step : answer.steps()) {
            if (!(step instanceof Answer.Write write)) continue;
            String text = new String(write.bytes(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) continue;
            Wire.Head head = Wire.Head.parse(Arrays.copyOf(write.bytes(), end + 4));
            if (head.status() >= 200) return head;
        }
        throw new IllegalArgumentException("the scripted answer has no final head");
    }

    private static List<String> headerLines(List<String> lines, String name) {
        return lines.stream().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1)).toList();
    }

    private static List<String> headerValues(List<String> lines, String name) {
        return headerLines(lines, name).stream().map(line -> line.substring(name.length() + 1).trim()).toList();
    }
}
