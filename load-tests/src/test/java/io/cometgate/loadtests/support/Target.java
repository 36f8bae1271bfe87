package io.cometgate.loadtests.support;

import java.util.List;
import java.util.Optional;

/**
 * Where a run sends traffic, from system properties:
 * <ul>
 * <li>{@code base.url}: the gateway (default {@code http://localhost:8080}, the demo and the compose load balancer);
 * for several replicas, {@code base.urls}, comma-separated (default
 * {@code http://localhost:8082,http://localhost:8083}, the two compose replicas);</li>
 * <li>{@code issuer.token.url}: the development issuer's token endpoint (default
 * {@code http://localhost:8081/demo/token}). Its host must be the one in the gateway's issuer URI: the issuer writes
 * the host it was called on into the JWT's {@code iss};</li>
 * <li>{@code emulator.url}: the CometChat emulator the gateway calls (default {@code http://localhost:8089}), read for
 * upstream call counts; set it blank ({@code -Demulator.url=}) when the gateway calls the real CometChat.</li>
 * </ul>
 */
public record Target(List<String> gatewayUrls, String issuerTokenUrl, Optional<String> emulatorUrl) {

    public static final String DEFAULT_GATEWAY_URL = "http://localhost:8080";

    public static final String DEFAULT_REPLICA_URLS = "http://localhost:8082,http://localhost:8083";

    public static final String DEFAULT_ISSUER_TOKEN_URL = "http://localhost:8081/demo/token";

    public static final String DEFAULT_EMULATOR_URL = "http://localhost:8089";

    public Target {
        gatewayUrls = List.copyOf(gatewayUrls);
    }

    /** A single gateway, {@code base.url}. */
    public static Target gatewayFromSystemProperties() {
        return new Target(List.of(Settings.url("base.url", DEFAULT_GATEWAY_URL)), issuerTokenUrlProperty(),
                emulatorUrlProperty());
    }

    /** Several gateway replicas, {@code base.urls}. */
    public static Target replicasFromSystemProperties() {
        return new Target(Settings.urls("base.urls", DEFAULT_REPLICA_URLS), issuerTokenUrlProperty(),
                emulatorUrlProperty());
    }

    /** The first (for a single-gateway run, the only) gateway. */
    public String gatewayUrl() {
        return this.gatewayUrls.get(0);
    }

    @Override
    public String toString() {
        return "gateway " + String.join(", ", this.gatewayUrls) + ", issuer " + this.issuerTokenUrl + ", emulator "
                + this.emulatorUrl.orElse("(none)");
    }

    private static String issuerTokenUrlProperty() {
        return Settings.url("issuer.token.url", DEFAULT_ISSUER_TOKEN_URL);
    }

    private static Optional<String> emulatorUrlProperty() {
        return Settings.optional("emulator.url", DEFAULT_EMULATOR_URL).map(Settings::withoutTrailingSlash);
    }

}
