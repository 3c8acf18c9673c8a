package dev.keyward.examples;

import java.nio.file.Path;
import java.util.List;

/**
 * The demo server's command line: {@code --port N} (0 = any free port), {@code --host H}
 * (default 127.0.0.1), {@code --db JDBC_URL} with {@code --db-user} and {@code --db-password},
 * and {@code --data-dir DIR} for the default H2 file database.
 */
public record DemoOptions(String host, int port, String dbUrl, String dbUser, String dbPassword, Path dataDir) {

    public static final String USAGE = """
            usage: java -jar keyward-demo.jar [--port N] [--host H] [--data-dir DIR]
                                              [--db JDBC_URL [--db-user U] [--db-password P]]
              --port N         port to listen on, 0 for any free port (default 8080)
              --host H         address to bind (default 127.0.0.1)
              --data-dir DIR   where the default H2 database lives (default ./data)
              --db JDBC_URL    a jdbc:postgresql: or jdbc:h2: URL instead of the default
            """;

    /** Parses the arguments, refusing anything unknown or malformed with a message for the user. */
    public static DemoOptions parse(List<String> args) {
        String host = "127.0.0.1";
        int port = 8080;
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        Path dataDir = Path.of("data");
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = port(value);
                case "--db" -> dbUrl = value;
                case "--db-user" -> dbUser = value;
                case "--db-password" -> dbPassword = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new DemoOptions(host, port, dbUrl, dbUser, dbPassword, dataDir);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--port must be 0-65535, was " + value);
    }

    /** Never shows the database password. */
    @Override
    public String toString() {
        return "DemoOptions[host=" + host + ", port=" + port + ", db=" + (dbUrl == null ? "H2 in " + dataDir : dbUrl)
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? null : "****") + "]";
    }
}
