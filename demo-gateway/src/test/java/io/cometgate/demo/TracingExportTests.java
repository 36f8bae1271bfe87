package io.cometgate.demo;

import java.util.Arrays;
import java.util.Locale;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing is on in the demo (trace ids in the logs), and nothing leaves the process until an OTLP endpoint is set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0" })
class TracingExportTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void tracingWhenNoOtlpEndpointThenTracesButExportsNothing() {
        assertThat(this.context.getBean(Tracer.class)).isNotSameAs(Tracer.NOOP);
        assertThat(Arrays.stream(this.context.getBeanNamesForType(SpanExporter.class))
            .map((name) -> this.context.getType(name).getName()))
            .as("span exporters").noneMatch((type) -> type.toLowerCase(Locale.ROOT).contains("otlp"));
    }

}
