package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

    @Test
    void rowId_channelWithSeparatorAndActorWithSeparator_areDifferentRows() {
        SessionKey first = new SessionKey("", "a:b", "c", "s");
        SessionKey second = new SessionKey("", "a", "b:c", "s");

        assertThat(first).isNotEqualTo(second);
        assertThat(first.rowId()).isNotEqualTo(second.rowId());
    }

    @Test
    void rowId_separatorTricksAcrossAllParts_giveDistinctIds() {
        List<SessionKey> keys = List.of(
                new SessionKey("", "a:b", "c", "d"),
                new SessionKey("", "a", "b:c", "d"),
                new SessionKey("", "a", "b", "c:d"),
                new SessionKey("a", "b", "c", "d"),
                new SessionKey("a:b", "c", "d", "e"),
                new SessionKey("a", "b:c", "d", "e"),
                new SessionKey("", "a%3Ab", "c", "d"),
                new SessionKey("", "a%b", "c", "d"),
                new SessionKey("", "a%25b", "c", "d"),
                new SessionKey("", "a", "%3A", "d"),
                new SessionKey("", "a", ":", "d"),
                new SessionKey("", "a::", "b", "c"),
                new SessionKey("", "a", ":b", ":c"));

        Set<String> ids = keys.stream().map(SessionKey::rowId).collect(Collectors.toSet());

        assertThat(ids).hasSameSizeAs(keys);
    }

    @Test
    void rowId_noScopeAndNamedScope_areDifferent() {
        assertThat(new SessionKey("", "doc", "alice", "s").rowId())
                .isNotEqualTo(new SessionKey("ws", "doc", "alice", "s").rowId());
    }

    @Test
    void rowId_plainParts_staysReadable() {
        assertThat(new SessionKey("ws-a", "doc-1", "alice", "tab-1").rowId()).isEqualTo("ws-a:doc-1:alice:tab-1");
    }

    @Test
    void constructor_emptyChannel_isRejected() {
        assertThatThrownBy(() -> new SessionKey("", "", "alice", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel must not be empty");
    }

    @Test
    void channelKey_rowId_isInjectiveToo() {
        assertThat(new ChannelKey("a:b", "c").rowId()).isNotEqualTo(new ChannelKey("a", "b:c").rowId());
    }

    @Test
    void equals_keysWithTheSamePartsAreEqualWithTheSameHash() {
        SessionKey key = new SessionKey("acme", "doc", "ada", "tab-1");
        SessionKey same = new SessionKey(new String("acme"), new String("doc"), new String("ada"), new String("tab-1"));

        assertThat(same).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(same.channelKey()).isEqualTo(key.channelKey()).hasSameHashCodeAs(key.channelKey());
    }

    @Test
    void equals_keysDifferingInAnyOnePartAreNotEqual() {
        SessionKey key = new SessionKey("acme", "doc", "ada", "tab-1");

        assertThat(List.of(new SessionKey("", "doc", "ada", "tab-1"), new SessionKey("acme", "doc-2", "ada", "tab-1"),
                new SessionKey("acme", "doc", "bob", "tab-1"), new SessionKey("acme", "doc", "ada", "tab-2")))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(key));
        assertThat(new ChannelKey("", "doc")).isNotEqualTo(new ChannelKey("acme", "doc"))
                .isNotEqualTo(new ChannelKey("", "doc-2"));
        assertThat(key).isNotEqualTo(key.channelKey());
    }
}
