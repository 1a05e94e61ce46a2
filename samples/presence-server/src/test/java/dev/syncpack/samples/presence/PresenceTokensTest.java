package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.samples.presence.PresenceTokens.Verification;
import dev.syncpack.spi.SyncContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

    private final PresenceTokens tokens = new PresenceTokens(SECRET, InstantSource.fixed(NOW));

    private static TokenClaims claims(Instant expiresAt, String... prefixes) {
        return new TokenClaims("ada", "acme", "Ada Lovelace", expiresAt, List.of(prefixes));
    }

    @Test
    void verify_acceptsWhatSignSigned() {
        TokenClaims claims = claims(NOW.plusSeconds(60), "doc-", "team-");

        assertThat(tokens.verify(tokens.sign(claims))).isEqualTo(new Verification.Accepted(claims));
    }

    @Test
    void verify_refusesATokenAtItsExpiry() {
        assertThat(tokens.verify(tokens.sign(claims(NOW)))).isEqualTo(new Verification.Refused("token expired"));
    }

    @Test
    void verify_refusesATokenOfAnotherSecret() {
        PresenceTokens other = new PresenceTokens("another-secret-of-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8),
                InstantSource.fixed(NOW));

        assertThat(tokens.verify(other.sign(claims(NOW.plusSeconds(60)))))
                .isEqualTo(new Verification.Refused("token signature is invalid"));
    }

    @Test
    void verify_refusesGarbage() {
        assertThat(tokens.verify(null)).isInstanceOf(Verification.Refused.class);
        assertThat(tokens.verify("no-dot")).isEqualTo(new Verification.Refused("malformed token"));
        assertThat(tokens.verify("a.b.c")).isEqualTo(new Verification.Refused("malformed token"));
        assertThat(tokens.verify("%%%.%%%")).isEqualTo(new Verification.Refused("malformed token"));
    }

    @Test
    void verify_refusesSignedClaimsThatAreNotClaims() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"ada\"}".getBytes());
        String token = tokens.sign(claims(NOW.plusSeconds(60)));
        String resigned = payload + "." + token.substring(token.indexOf('.') + 1);

        assertThat(tokens.verify(resigned)).isEqualTo(new Verification.Refused("token signature is invalid"));
    }

    @Test
    void claims_refuseBlankOrLongFields() {
        assertThatThrownBy(() -> new TokenClaims(" ", "acme", "Ada", NOW, List.of()))
                .hasMessage("user must be 1 to 64 characters, was \" \"");
        assertThatThrownBy(() -> new TokenClaims("ada", "w".repeat(65), "Ada", NOW, List.of()))
                .hasMessageStartingWith("workspace must be 1 to 64 characters");
    }

    @Test
    void canAccessChannel_withoutPrefixes_allowsEveryChannel() {
        SyncContext ctx = claims(NOW).toContext("c1");

        assertThat(TokenClaims.canAccessChannel("anything", ctx)).isTrue();
    }

    @Test
    void canAccessChannel_withPrefixes_allowsOnlyChannelsStartingWithOne() {
        SyncContext ctx = claims(NOW, "doc-", "team-").toContext("c1");

        assertThat(TokenClaims.canAccessChannel("team-red", ctx)).isTrue();
        assertThat(TokenClaims.canAccessChannel("board", ctx)).isFalse();
        assertThat(TokenClaims.canAccessChannel("do", ctx)).isFalse();
    }

    @Test
    void canAccessChannel_forAContextNotMadeFromAToken_denies() {
        assertThat(TokenClaims.canAccessChannel("doc-1", SyncContext.SYSTEM)).isFalse();
    }
}
