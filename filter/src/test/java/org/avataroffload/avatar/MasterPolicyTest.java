package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.avataroffload.upstream.UpstreamResponse;
import org.junit.jupiter.api.Test;

class MasterPolicyTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};

    private static UpstreamResponse response(int status, String cacheControl, byte[] body) {
        return new UpstreamResponse(status, List.of(Map.entry("Cache-Control", cacheControl)), body);
    }

    @Test
    void aLongLivedImage200_isAMaster() {
        assertThat(MasterPolicy.isMaster(response(200, "max-age=31556952, public, immutable", PNG))).isTrue();
        assertThat(MasterPolicy.isMaster(response(200, "public, max-age=86400", PNG))).isTrue();
        assertThat(MasterPolicy.isMaster(response(200, "immutable", PNG))).isTrue();
    }

    @Test
    void discoursesBlankAvatar_isNotAMaster() {
        assertThat(MasterPolicy.isMaster(response(200, "max-age=600, public", PNG))).isFalse();
    }

    @Test
    void otherStatusesNonImagesAndPrivateResponses_areNotMasters() {
        assertThat(MasterPolicy.isMaster(response(302, "max-age=31556952, public, immutable", PNG))).isFalse();
        assertThat(MasterPolicy.isMaster(response(200, "max-age=31556952", "<html>".getBytes()))).isFalse();
        assertThat(MasterPolicy.isMaster(response(200, "private, max-age=31556952", PNG))).isFalse();
        assertThat(MasterPolicy.isMaster(response(200, "no-store, immutable", PNG))).isFalse();
        assertThat(MasterPolicy.isMaster(new UpstreamResponse(200, List.of(), PNG))).isFalse();
        assertThat(MasterPolicy.isMaster(response(200, "max-age=abc", PNG))).isFalse();
    }
}
