package dev.keyward.examples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One HTTP/1.1 connection over a plain socket, for what an HTTP client library hides: several
 * requests on one kept-alive connection, a request sent only in part, whether the server
 * closed the connection. Reads answers framed by {@code Content-Length}, as the demo sends them.
 */
final class RawConnection implements AutoCloseable {

    /** An answer: status, headers by lower-case name, and body. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawConnection(URI server) throws IOException {
        this(server, 0);
    }

    /**
     * A connection whose socket receives at most about this many bytes before the server's writes have to
     * wait for it to read (the system's default if 0): a client that reads nothing fills it at once.
     */
    RawConnection(URI server, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            // Before connecting: the window the connection starts with depends on it.
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Writes text as it is: a whole request, or only the start of one. */
    RawConnection write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    RawConnection write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends a whole request and reads its answer; for HEAD, reads no body whatever the headers say. */
    Answer exchange(String request) throws IOException {
        write(request);
        return read(request.startsWith("HEAD "));
    }

    Answer read(boolean head) throws IOException {
        String statusLine = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the connection closed inside a body");
        }
        return new Answer(Integer.parseInt(statusLine.substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Waits for the server to close the connection, at most the given time; true if it did
     * (end of stream or reset), false if the wait ran out first. Anything the server sends
     * before closing is read and dropped.
     */
    boolean closedByServerWithin(Duration wait) throws IOException {
        return closedByServerBefore(System.nanoTime() + wait.toNanos());
    }

    /** As {@link #closedByServerWithin}, up to a deadline on the clock of {@link System#nanoTime()}. */
    boolean closedByServerBefore(long deadline) throws IOException {
        try {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Reads nothing, and finds out whether the server dropped the connection before the deadline: every tenth
     * of a second it sends a blank line, which a server skips before a request line, until a send fails, as it
     * does once the server has dropped the connection with bytes of it unread. Reading would tell sooner, but it
     * would also let the server's writes go on, which is what a client that stops reading must not do.
     */
    boolean droppedByServerWhileUnreadBefore(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            try {
                write("\r\n");
            } catch (IOException dropped) {
                return true;
            }
            // The pause is the client's probing pace, not a wait for something to happen: the failed send is.
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return false;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Ends the connection at once with a reset, as a client killed mid-answer does: whatever was unsent is lost. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
