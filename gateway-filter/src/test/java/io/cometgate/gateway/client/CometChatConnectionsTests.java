package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.MapperBuilder;

import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CometChat's JSON does not depend on what the application carries: the client's codecs use a plain Jackson mapper,
 * not the modules found on the classpath (Spring's default codecs register them all; Kotlin's, on this classpath
 * through the test issuer, starts Kotlin reflection on the first body written: a second on a replica's first user
 * creation).
 */
class CometChatConnectionsTests {

    @Test
    void jsonToAndFromCometChatWhenJacksonModulesAreOnTheClasspathThenNoneIsRegistered() {
        assertThat(MapperBuilder.findModules(getClass().getClassLoader()))
            .as("Jackson modules on this classpath (else this test proves nothing)").isNotEmpty();
        CometChatConnections connections = new CometChatConnections(Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                ObservationRegistry.NOOP, List.of());
        try {
            AtomicReference<List<HttpMessageWriter<?>>> writers = new AtomicReference<>();
            AtomicReference<List<HttpMessageReader<?>>> readers = new AtomicReference<>();
            // A mutated copy applies the client's codec configuration first, then this one, which reads the result.
            connections.webClient().mutate().codecs((codecs) -> {
                writers.set(codecs.getWriters());
                readers.set(codecs.getReaders());
            }).build();

            JacksonJsonEncoder encoder = writers.get().stream()
                .filter(EncoderHttpMessageWriter.class::isInstance)
                .map((writer) -> ((EncoderHttpMessageWriter<?>) writer).getEncoder())
                .filter(JacksonJsonEncoder.class::isInstance).map(JacksonJsonEncoder.class::cast)
                .findFirst().orElseThrow();
            JacksonJsonDecoder decoder = readers.get().stream()
                .filter(DecoderHttpMessageReader.class::isInstance)
                .map((reader) -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
                .filter(JacksonJsonDecoder.class::isInstance).map(JacksonJsonDecoder.class::cast)
                .findFirst().orElseThrow();
            assertThat(encoder.getMapper().registeredModules()).isEmpty();
            assertThat(decoder.getMapper().registeredModules()).isEmpty();
        }
        finally {
            connections.destroy();
        }
    }

}
