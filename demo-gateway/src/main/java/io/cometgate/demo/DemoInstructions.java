package io.cometgate.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints, once the gateway is up, the curl lines that get a JWT and call the token route. */
@Component
class DemoInstructions implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger logger = LoggerFactory.getLogger(DemoInstructions.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String gateway = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        String issuer = environment.getProperty("demo.embedded.issuer");
        StringBuilder text = new StringBuilder("\n\nCometGate demo gateway is up at ").append(gateway).append("\n");
        if (issuer != null) {
            text.append("\n# 1. Get a JWT for user 'alice' from the embedded development issuer:\n")
                .append("JWT=$(curl -s -X POST ").append(issuer).append("/token \\\n")
                .append("  -d grant_type=client_credentials -d client_id=alice -d client_secret=dev -d scope=openid \\\n")
                .append("  | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n");
        }
        else {
            text.append("\n# 1. Get an access token for a user from your identity provider into $JWT.\n");
        }
        text.append("\n# 2. Get alice's CometChat auth token (the UID comes from the JWT, never from the request):\n")
            .append("curl -s -X POST ").append(gateway).append("/cometchat-token -H \"Authorization: Bearer $JWT\"\n")
            .append("\n# 3. Without a JWT the gateway answers 401:\n")
            .append("curl -i -X POST ").append(gateway).append("/cometchat-token\n");
        logger.info(text.toString());
    }

}
