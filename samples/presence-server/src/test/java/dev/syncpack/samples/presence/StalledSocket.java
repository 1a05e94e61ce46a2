package dev.syncpack.samples.presence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A WebSocket client on a bare TCP socket with a small receive buffer that, after the handshake and
 * the frames it sends, stops reading: the server's frames pile up until its transport gives up.
 */
final class StalledSocket implements AutoCloseable {

    private final Socket socket;

    private StalledSocket(Socket socket) {
        this.socket = socket;
    }

    /** Connects and completes the WebSocket handshake for {@code /sync/ws?token=...}. */
    static StalledSocket open(int port, String token) throws IOException {
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
        return new StalledSocket(socket);
    }

    /** Sends one masked text frame, as a client must. */
    void send(String text) throws IOException {
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
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /**
     * Reads everything the server left on the socket until it ends or {@code limit} passes.
     *
     * @return the close code of the server's close frame, if one came before the end
     * @throws IOException when the stream does not end within {@code limit}
     */
    OptionalInt drainToEnd(Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return OptionalInt.empty();
                }
                int second = in.read();
                long length = second & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                if ((first & 0x0F) == 0x8) {
                    return OptionalInt.of(length >= 2 ? (in.read() << 8) | in.read() : 1005);
                }
                in.skipNBytes(length);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the server did not end the socket within " + limit, e);
        } catch (java.io.EOFException | java.net.SocketException e) {
            return OptionalInt.empty();
        }
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
