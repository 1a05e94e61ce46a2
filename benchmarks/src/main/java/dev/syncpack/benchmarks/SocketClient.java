package dev.syncpack.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One WebSocket client of the sample server (the JDK's {@link WebSocket}): hands every whole text
 * message to {@code onMessage} on the client's thread, sends one frame at a time and skips a send
 * while the previous one is still in flight (counted, so a driver sees back-pressure).
 */
final class SocketClient implements WebSocket.Listener {

    private final Consumer<String> onMessage;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    private SocketClient(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    /**
     * @param http the client that carries the socket
     * @param address the socket address with its token
     * @param onMessage gets every text message
     * @return the connected client
     */
    static SocketClient connect(HttpClient http, URI address, Consumer<String> onMessage) throws Exception {
        SocketClient client = new SocketClient(onMessage);
        client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(address, client).get(60, TimeUnit.SECONDS);
        return client;
    }

    /**
     * @param frame a JSON frame
     * @return false when the previous frame was still being sent, so this one was skipped
     */
    boolean send(String frame) {
        if (closed || !lastSend.isDone()) {
            return false;
        }
        lastSend = socket.sendText(frame, true);
        return true;
    }

    /** Drops the connection without a close frame, as a crashed tab or a lost network would. */
    void abort() {
        closed = true;
        socket.abort();
    }

    /** Closes with 1000. */
    void close() {
        if (!closed) {
            closed = true;
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Copies each part with {@code toString()} (the JDK hands a {@code CharBuffer}, which a bulk copy
     * reads far faster than {@code StringBuilder}'s character-by-character append of a
     * {@code CharSequence}), and skips the builder for a message that comes whole.
     */
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && partial.isEmpty()) {
            onMessage.accept(data.toString());
        } else {
            partial.append(data.toString());
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                onMessage.accept(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }
}
