package io.cometgate.demo;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo page at {@code /} (static resources under {@code static/}): public, with a strict Content-Security-Policy,
 * and its configuration at {@code /page/config.json}.
 * <p>
 * A chain of its own, ahead of the API's: the page's files need no JWT (the page signs in itself, with the
 * authorization code flow and PKCE, and keeps the access token in memory), and the API chain stays as it is.
 * The policy allows scripts, styles and images from the gateway only (nothing from a CDN: the page works offline),
 * and connections to the gateway, the issuer (discovery and token endpoint) and, with the embedded emulator, the
 * emulator's SDK API. No inline script or style, no {@code eval}, no framing.
 */
@Configuration(proxyBeanMethods = false)
class DemoPageConfiguration {

    static final String CONFIG_PATH = "/page/config.json";

    private final String issuer;

    private final String clientId;

    private final String sdkClientHost;

    DemoPageConfiguration(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${demo.page.client-id:cometgate-demo-page}") String clientId,
            @Value("${demo.embedded.emulator:}") String emulatorBaseUrl) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.sdkClientHost = sdkClientHost(emulatorBaseUrl);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain demoPageSecurityWebFilterChain(ServerHttpSecurity http) {
        return http
            .securityMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/", "/index.html", "/page/**"))
            .authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
            .requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .headers((headers) -> headers
                .contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy()))
                .referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
            .build();
    }

    @Bean
    RouterFunction<ServerResponse> demoPageConfig() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", this.issuer);
        body.put("clientId", this.clientId);
        body.put("tokenUrl", "/cometchat-token");
        body.put("userUrl", "/cometchat-user");
        // Null with a real CometChat app: the page then shows the token and does not log in to chat.
        body.put("sdkClientHost", this.sdkClientHost);
        return RouterFunctions.route()
            .GET(CONFIG_PATH, (request) -> ServerResponse.ok().cacheControl(CacheControl.noStore()).bodyValue(body))
            .build();
    }

    String contentSecurityPolicy() {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        connect.add(origin(this.issuer));
        if (this.sdkClientHost != null) {
            connect.add("http://" + this.sdkClientHost.substring(0, this.sdkClientHost.indexOf('/')));
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + String.join(" ", connect) + "; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** {@code http://127.0.0.1:8089/v3} becomes {@code 127.0.0.1:8089/sdk}, the SDK's client host override. */
    private static String sdkClientHost(String emulatorBaseUrl) {
        if (!StringUtils.hasText(emulatorBaseUrl)) {
            return null;
        }
        URI uri = URI.create(emulatorBaseUrl);
        return uri.getHost() + ":" + uri.getPort() + "/sdk";
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() == -1) ? "" : ":" + uri.getPort());
    }

}
