package io.cometgate.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints, once the gateway is up, the curl lines that try every route of the demo. */
@Component
class DemoInstructions implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger logger = LoggerFactory.getLogger(DemoInstructions.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String gateway = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        String issuer = environment.getProperty("demo.embedded.issuer");
        String auth = "-H \"Authorization: Bearer $JWT\"";
        StringBuilder text = new StringBuilder("\n\nCometGate demo gateway is up at ").append(gateway).append("\n");
        text.append("\n# In a browser: ").append(gateway).append("/ (the demo page: sign in with any user name, get a ")
            .append("token, log in to chat)\n");
        if (issuer != null) {
            text.append("\n# Get a JWT for user 'alice' from the embedded development issuer (any client_id is a user):\n")
                .append("JWT=$(curl -s -X POST ").append(issuer).append("/token \\\n")
                .append("  -d grant_type=client_credentials -d client_id=alice -d client_secret=dev -d scope=openid \\\n")
                .append("  | grep -o '\"access_token\" *: *\"[^\"]*\"' | cut -d'\"' -f4)\n");
        }
        else {
            text.append("\n# Put an access token of your identity provider into $JWT.\n");
        }
        text.append("\n# alice's CometChat auth token (the UID comes from the JWT, never from the request); again: cached\n")
            .append("curl -s -X POST ").append(gateway).append("/cometchat-token ").append(auth).append('\n')
            .append("\n# A fresh token, when CometChat.login said AUTH_ERR_AUTH_TOKEN_NOT_FOUND\n")
            .append("curl -s -X POST '").append(gateway).append("/cometchat-token?fresh=true' ").append(auth).append('\n')
            .append("\n# Log out: the token is revoked at CometChat (204)\n")
            .append("curl -i -X DELETE ").append(gateway).append("/cometchat-token ").append(auth).append('\n')
            .append("\n# alice's CometChat user: sync the profile from the JWT, read it, erase it\n")
            .append("curl -s -X PUT ").append(gateway).append("/cometchat-user ").append(auth).append('\n')
            .append("curl -s ").append(gateway).append("/cometchat-user ").append(auth).append('\n')
            .append("curl -i -X DELETE ").append(gateway).append("/cometchat-user ").append(auth).append('\n')
            .append("\n# The per-user limit (10 a minute by default): the last requests answer 429 with Retry-After\n")
            .append("for i in $(seq 12); do curl -s -o /dev/null -w '%{http_code} ' -X POST ").append(gateway)
            .append("/cometchat-token ").append(auth).append("; done; echo\n")
            .append("\n# Without a JWT: 401\n")
            .append("curl -i -X POST ").append(gateway).append("/cometchat-token\n");
        logger.info(text.toString());
    }

}
