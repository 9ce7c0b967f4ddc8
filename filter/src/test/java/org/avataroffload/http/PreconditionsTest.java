package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.http.Preconditions.Result.NOT_MODIFIED;
import static org.avataroffload.http.Preconditions.Result.PRECONDITION_FAILED;
import static org.avataroffload.http.Preconditions.Result.PROCEED;

import java.time.Instant;

import org.avataroffload.http.Preconditions.Conditions;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    static final String ETAG = "\"0123456789abcdef\"";
    static final Instant MODIFIED = Instant.parse("2026-11-20T10:00:00.700Z");
    static final String AT_MODIFIED = "Fri, 20 Nov 2026 10:00:00 GMT";
    static final String BEFORE = "Fri, 20 Nov 2026 09:59:59 GMT";

    private static Preconditions.Result get(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
        return Preconditions.evaluate("GET", new Conditions(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince), ETAG, MODIFIED);
    }

    @Test
    void noConditions_proceed() {
        assertThat(get(null, null, null, null)).isEqualTo(PROCEED);
    }

    @Test
    void ifNoneMatch_matchingTagInAList_notModified() {
        assertThat(get(null, null, "\"other\", " + ETAG, null)).isEqualTo(NOT_MODIFIED);
        assertThat(get(null, null, "W/" + ETAG, null)).isEqualTo(NOT_MODIFIED);
        assertThat(get(null, null, "*", null)).isEqualTo(NOT_MODIFIED);
        assertThat(get(null, null, "\"other\"", null)).isEqualTo(PROCEED);
    }

    @Test
    void ifNoneMatch_takesPrecedenceOverIfModifiedSince() {
        // RFC 9110 13.2.2: If-Modified-Since is ignored when If-None-Match is present
        assertThat(get(null, null, "\"other\"", AT_MODIFIED)).isEqualTo(PROCEED);
    }

    @Test
    void ifModifiedSince_comparesWholeSeconds() {
        assertThat(get(null, null, null, AT_MODIFIED)).isEqualTo(NOT_MODIFIED);
        assertThat(get(null, null, null, BEFORE)).isEqualTo(PROCEED);
        assertThat(get(null, null, null, "not a date")).isEqualTo(PROCEED);
    }

    @Test
    void ifMatch_isEvaluatedFirstAndStrongly() {
        assertThat(get("\"other\"", null, ETAG, null)).isEqualTo(PRECONDITION_FAILED);
        assertThat(get("W/" + ETAG, null, null, null)).isEqualTo(PRECONDITION_FAILED);
        assertThat(get(ETAG, null, null, null)).isEqualTo(PROCEED);
        assertThat(get(ETAG, BEFORE, null, null)).isEqualTo(PROCEED); // If-Unmodified-Since ignored with If-Match
    }

    @Test
    void ifUnmodifiedSince_failsWhenModifiedLater() {
        assertThat(get(null, BEFORE, null, null)).isEqualTo(PRECONDITION_FAILED);
        assertThat(get(null, AT_MODIFIED, null, null)).isEqualTo(PROCEED);
    }

    @Test
    void ifModifiedSince_onlyForGetAndHead() {
        assertThat(Preconditions.evaluate("POST", new Conditions(null, null, null, AT_MODIFIED), ETAG, MODIFIED)).isEqualTo(PROCEED);
        assertThat(Preconditions.evaluate("HEAD", new Conditions(null, null, null, AT_MODIFIED), ETAG, MODIFIED)).isEqualTo(NOT_MODIFIED);
    }
}
