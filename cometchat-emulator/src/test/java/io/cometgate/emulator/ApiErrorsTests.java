package io.cometgate.emulator;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope and the key masking, without HTTP.
 */
class ApiErrorsTests {

    @Test
    void maskKeyWhenLongThenFirstAndLastFiveOnly() {
        assertThat(ApiErrors.maskKey("11111abcdefghijklmnopqrstuvwxyz11111")).isEqualTo("11111*****11111");
    }

    @Test
    void maskKeyWhenShortThenFullyMasked() {
        assertThat(ApiErrors.maskKey("0123456789abcdefghi")).isEqualTo("*****");
    }

    @Test
    void envelopeWhenDetailsThenIncludedElseOmitted() {
        JsonMapper mapper = JsonMapper.builder().build();

        String withDetails = ApiErrors
            .envelope(mapper, ApiErrors.badRequest(Map.of("uid", List.of("The uid field is required."))))
            .toString();
        String withoutDetails = ApiErrors.envelope(mapper, ApiErrors.authTokenNotFound()).toString();

        assertThat(withDetails).isEqualTo("{\"error\":{\"message\":\"Failed to validate the data sent with the request.\","
                + "\"devMessage\":\"Failed to validate the data sent with the request.\",\"source\":\"chat-api\","
                + "\"code\":\"ERR_BAD_REQUEST\",\"details\":{\"uid\":[\"The uid field is required.\"]}}}");
        assertThat(withoutDetails).isEqualTo("{\"error\":{\"message\":\"Auth token does not exist.\","
                + "\"devMessage\":\"Auth token does not exist.\",\"source\":\"chat-api\","
                + "\"code\":\"ERR_AUTH_TOKEN_NOT_FOUND\"}}");
    }
}
