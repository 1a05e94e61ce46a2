package dev.syncpack.samples.presence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A WebSocket client on a bare TCP socket, for what the JDK's client does not do: it reads only when
 * told to, through a small receive buffer, so the server's frames can pile up until its transport gives
 * up; and it can send many frames in one write.
 */
final class RawSocket implements AutoCloseable {

    private final Socket socket;

    private RawSocket(Socket socket) {
        this.socket = socket;
    }

    /** Connects and completes the WebSocket handshake for {@code /sync/ws?token=...}. */
    static RawSocket open(int port, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /sync/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String response = readHeaders(socket.getInputStream());
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("the server refused the WebSocket upgrade: " + response);
        }
        return new RawSocket(socket);
    }

    /** Sends one masked text frame, as a client must. */
    void send(String text) throws IOException {
        sendAll(List.of(text));
    }

    /** Sends masked text frames in a single write, so they reach the server together. */
    void sendAll(List<String> texts) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (String text : texts) {
            frames.writeBytes(masked(text));
        }
        socket.getOutputStream().write(frames.toByteArray());
        socket.getOutputStream().flush();
    }

    private static byte[] masked(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * What the server sent until the socket ended.
     *
     * @param texts the text frames, in order
     * @param closeCode the close code of the server's close frame, if one came
     * @param reset true when the connection ended with a reset rather than in order
     */
    record Ending(List<String> texts, OptionalInt closeCode, boolean reset) {
    }

    /**
     * Reads everything the server left on the socket until it ends or {@code limit} passes.
     *
     * @throws IOException when the stream does not end within {@code limit}
     */
    Ending drainToEnd(Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        List<String> texts = new ArrayList<>();
        OptionalInt closeCode = OptionalInt.empty();
        try {
            for (int first = in.read(); first >= 0; first = in.read()) {
                byte[] payload = in.readNBytes(payloadLength(in));
                switch (first & 0x0F) {
                    case 0x1 -> texts.add(new String(payload, StandardCharsets.UTF_8));
                    case 0x8 -> closeCode = OptionalInt.of(payload.length >= 2
                            ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005);
                    default -> {
                    }
                }
            }
            return new Ending(texts, closeCode, false);
        } catch (SocketTimeoutException e) {
            throw new IOException("the server did not end the socket within " + limit, e);
        } catch (SocketException e) {
            return new Ending(texts, closeCode, true);
        }
    }

    private static int payloadLength(InputStream in) throws IOException {
        int length = in.read() & 0x7F;
        if (length == 126) {
            return in.read() << 8 | in.read();
        }
        if (length == 127) {
            long longLength = 0;
            for (int i = 0; i < 8; i++) {
                longLength = longLength << 8 | in.read();
            }
            return Math.toIntExact(longLength);
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            headers.write(next);
            matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }
}
