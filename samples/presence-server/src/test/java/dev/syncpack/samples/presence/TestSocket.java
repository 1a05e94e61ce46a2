package dev.syncpack.samples.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A WebSocket client on the JDK's {@link WebSocket} that collects the frames it receives. */
final class TestSocket implements WebSocket.Listener {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final List<JsonNode> seen = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private WebSocket socket;

    /**
     * @param code the close code
     * @param reason the close reason
     */
    record Closed(int code, String reason) {
    }

    static TestSocket open(URI uri) {
        TestSocket listener = new TestSocket();
        listener.socket = listener.client.newWebSocketBuilder().buildAsync(uri, listener)
                .orTimeout(10, TimeUnit.SECONDS).join();
        return listener;
    }

    /** @param json a frame with single quotes for double quotes */
    void send(String json) {
        sendRaw(json.replace('\'', '"'));
    }

    void sendRaw(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Like {@link #send}, for a client the server may close at any moment (a flood it refuses).
     *
     * @return false when the connection was closed before the frame could go
     */
    boolean sendUnlessClosed(String json) {
        try {
            send(json);
            return true;
        } catch (CompletionException e) {
            if (socket.isOutputClosed()) {
                return false;
            }
            throw e;
        }
    }

    /** @return the first frame, now or within {@link #WAIT}, that matches; frames before it are kept in {@link #seen()} */
    JsonNode await(Predicate<JsonNode> frame) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode next = frames.poll(left, TimeUnit.NANOSECONDS);
                if (next != null) {
                    seen.add(next);
                    if (frame.test(next)) {
                        return next;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching frame within " + WAIT + "; received " + seen);
    }

    /** @return the first frame of this type within {@link #WAIT} */
    JsonNode await(String type) {
        return await(frame -> type.equals(frame.path("type").asText()));
    }

    /** @return every frame {@link #await} consumed so far */
    List<JsonNode> seen() {
        return List.copyOf(seen);
    }

    /** @return the close code and reason the server sent, within {@link #WAIT} */
    Closed awaitClose() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + WAIT, e);
        } catch (Exception e) {
            throw new AssertionError("the socket failed instead of closing", e);
        }
    }

    /** Closes the socket with 1000 and does not wait for the server's answer. */
    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    /** Drops the connection without a close handshake. */
    void abort() {
        socket.abort();
        client.shutdownNow();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
