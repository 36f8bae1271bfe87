package io.cometgate.gateway.internal.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.cometgate.gateway.e2e.TestGatewayApplication;
import io.cometgate.gateway.e2e.TestInfrastructure;

/**
 * One gateway replica: a separate application context on its own port, pointed at the shared issuer, emulator and
 * the given Redis. Several of them sharing one Redis are what a production deployment looks like.
 */
public final class GatewayReplica implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private GatewayReplica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param redisUrl the Redis every replica shares; {@code null} when the properties say where Redis is
     * @param properties further properties (limits, key prefix, routes)
     * @return the started replica
     */
    public static GatewayReplica start(String redisUrl, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                TestInfrastructure.issuer().issuerUrl(TestInfrastructure.ISSUER_ID).toString());
        all.put("cometchat.app-id", TestInfrastructure.APP_ID);
        all.put("cometchat.region", "eu");
        all.put("cometchat.rest-api-key", TestInfrastructure.REST_API_KEY);
        all.put("cometchat.base-url", TestInfrastructure.emulator().baseUrl());
        if (redisUrl != null) {
            all.put("spring.data.redis.url", redisUrl);
        }
        all.put("cometchat.token-cache.encryption-key", TestInfrastructure.CACHE_KEY);
        all.putAll(properties);
        // As command-line arguments: they win over application.yml, as a deployment's environment would.
        String[] arguments = all.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
        return new GatewayReplica(new SpringApplicationBuilder(TestGatewayApplication.class).run(arguments));
    }

    /** The replica's base URL. */
    public String baseUrl() {
        return "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port");
    }

    /** The replica's application context. */
    public ConfigurableApplicationContext context() {
        return this.context;
    }

    @Override
    public void close() {
        this.context.close();
    }

}
