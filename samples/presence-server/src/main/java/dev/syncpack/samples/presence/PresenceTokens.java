package dev.syncpack.samples.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the sample's tokens: {@code base64url(claims JSON) + "." + base64url(HMAC-SHA256)}.
 * The claims are {@code sub} (user), {@code ws} (workspace), {@code name}, {@code exp} (epoch
 * seconds) and optionally {@code ch} (allowed channel prefixes). Thread-safe.
 */
final class PresenceTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Why a token was refused; the text goes into the 4401 close reason, so it stays short. */
    sealed interface Verification {
        /** @param claims what the token says */
        record Accepted(TokenClaims claims) implements Verification {
        }

        /** @param reason why it was refused */
        record Refused(String reason) implements Verification {
        }
    }

    private final SecretKeySpec key;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param secret the HMAC key
     * @param clock decides expiry
     */
    PresenceTokens(byte[] secret, InstantSource clock) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = clock;
    }

    /** @param claims what to sign @return the token */
    String sign(TokenClaims claims) {
        ObjectNode body = json.createObjectNode()
                .put("sub", claims.userId())
                .put("ws", claims.workspace())
                .put("name", claims.name())
                .put("exp", claims.expiresAt().getEpochSecond());
        if (!claims.channelPrefixes().isEmpty()) {
            claims.channelPrefixes().forEach(body.putArray("ch")::add);
        }
        String payload = ENCODER.encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /**
     * @param token the token a client brought, or null
     * @return its claims, or why it was refused: missing, malformed, a bad signature or expired
     */
    Verification verify(String token) {
        if (token == null || token.isBlank()) {
            return new Verification.Refused("missing token: connect to /sync/ws?token=...");
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot != token.lastIndexOf('.')) {
            return new Verification.Refused("malformed token");
        }
        String payload = token.substring(0, dot);
        byte[] signature;
        byte[] body;
        try {
            signature = DECODER.decode(token.substring(dot + 1));
            body = DECODER.decode(payload);
        } catch (IllegalArgumentException e) {
            return new Verification.Refused("malformed token");
        }
        if (!MessageDigest.isEqual(signature, mac(payload))) {
            return new Verification.Refused("token signature is invalid");
        }
        TokenClaims claims;
        try {
            claims = claims(json.readTree(body));
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            return new Verification.Refused("malformed token claims");
        }
        if (!clock.instant().isBefore(claims.expiresAt())) {
            return new Verification.Refused("token expired");
        }
        return new Verification.Accepted(claims);
    }

    private static TokenClaims claims(JsonNode body) {
        List<String> prefixes = new ArrayList<>();
        body.path("ch").forEach(prefix -> prefixes.add(prefix.asText()));
        JsonNode exp = body.get("exp");
        if (exp == null || !exp.canConvertToLong()) {
            throw new IllegalArgumentException("exp must be epoch seconds");
        }
        return new TokenClaims(text(body, "sub"), text(body, "ws"), text(body, "name"),
                Instant.ofEpochSecond(exp.asLong()), prefixes);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }
}
