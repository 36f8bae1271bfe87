package io.cometgate.gateway.internal.redis;

import java.time.Duration;

import io.lettuce.core.SocketOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSocketOptionsTests {

    @Test
    void withKeepAliveThenProbesAnIdleConnectionAndKeepsTheConnectTimeout() {
        SocketOptions options = RedisSocketOptions.withKeepAlive(Duration.ofSeconds(3), true);

        assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.isKeepAlive()).isTrue();
        assertThat(options.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.getKeepAlive().getCount()).isEqualTo(3);
        assertThat(options.isEnableTcpUserTimeout()).isTrue();
        assertThat(options.getTcpUserTimeout().getTcpUserTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withKeepAliveOnNioThenNoUserTimeoutWhichLettuceCouldNotSetThere() {
        SocketOptions options = RedisSocketOptions.withKeepAlive(Duration.ofSeconds(3), false);

        assertThat(options.isKeepAlive()).isTrue();
        assertThat(options.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.isEnableTcpUserTimeout()).isFalse();
    }

}
