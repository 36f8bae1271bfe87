package io.cometgate.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A gateway that answers {@code POST /cometchat-token} with a CometChat auth token for the caller of a validated JWT.
 * <p>
 * With no configuration it runs on embedded development defaults ({@link EmbeddedDevDefaults}): a CometChat emulator
 * and a local token issuer, so that it starts with one command and no accounts. Setting {@code COMETCHAT_APP_ID},
 * {@code COMETCHAT_REGION}, {@code COMETCHAT_REST_API_KEY} and {@code ISSUER_URI} points it at the real things.
 */
@SpringBootApplication
public class DemoGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoGatewayApplication.class, args);
    }

}
