package io.cometgate.gateway.security;

import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** JWTs an anonymous attacker can make: right issuer and audience, signed by a key of their own under a random kid. */
public final class ForgedJwts {

    private final RSAKey attackerKey;

    private final String issuer;

    public ForgedJwts(String issuer) {
        this.issuer = issuer;
        try {
            this.attackerKey = new RSAKeyGenerator(2048).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A JWT for {@code alice} whose header names a {@code kid} nobody has seen. */
    public String withRandomUnknownKid() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice")
            .issuer(this.issuer)
            .audience("cometgate")
            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
            .issueTime(new Date())
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString())
            .type(JOSEObjectType.JWT)
            .build(), claims);
        try {
            jwt.sign(new RSASSASigner(this.attackerKey));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

}
