package io.cometgate.demo;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds how long a slow client holds a connection. Spring Boot's {@code server.netty.idle-timeout} (set in
 * {@code application.yml}) closes a connection with no complete request in progress: an idle one, and one whose
 * headers never finish (measured with Reactor Netty 1.3.6, see {@code DemoConnectionTimeoutsTests}). Reactor Netty's
 * read timeout bounds the wait for the next bytes of a request that has started, such as a body that stops halfway
 * on a route that reads it; Spring Boot has no property for it, hence this customizer.
 */
@Configuration(proxyBeanMethods = false)
class DemoConnectionTimeouts {

    @Bean
    NettyServerCustomizer requestReadTimeout(@Value("${demo.server.request-read-timeout:10s}") Duration readTimeout) {
        return (server) -> server.readTimeout(readTimeout);
    }

}
