package io.cometgate.gateway.config;

import io.lettuce.core.ClientOptions;

/**
 * Changes the options of CometGate's own Lettuce client after CometGate has set its own (commands refused while
 * disconnected, the command timeout, the connect timeout, TLS material). For a cluster the builder is a
 * {@link io.lettuce.core.cluster.ClusterClientOptions.Builder}. Declare one as a bean; they apply in
 * {@link org.springframework.core.annotation.Order order}. Spring Data's own client is customized with Spring Boot's
 * {@code LettuceClientOptionsBuilderCustomizer}, which does not reach this one (and need not: CometGate's options
 * are chosen for a limiter on the request path, not for an application's own Redis use).
 */
@FunctionalInterface
public interface LettuceClientOptionsCustomizer {

    /**
     * @param options the options CometGate has set, to change
     */
    void customize(ClientOptions.Builder options);

}
