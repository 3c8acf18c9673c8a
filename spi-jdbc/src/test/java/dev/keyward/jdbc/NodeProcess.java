package dev.keyward.jdbc;

import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One application node in a JVM of its own, for {@link SeparateProcessesTest}. Arguments: the
 * PostgreSQL URL, the node's number, then organization, type and attempts, three at a time.
 * Prints {@code READY}, waits for a line on standard input, makes every attempt at once, and
 * prints one outcome per line: {@code created} or the refusal's code.
 */
public final class NodeProcess {

    private NodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Keyward node = Fixtures.keyward(JdbcStore.create(NodeJvm.database(args[0])), MutableClock.startingNow())
                .build();
        List<Runnable> attempts = new ArrayList<>();
        for (int i = 2; i + 2 < args.length; i += 3) {
            OrganizationId org = OrganizationId.of(args[i]);
            AuthenticationType type = AuthenticationType.valueOf(args[i + 1]);
            int count = Integer.parseInt(args[i + 2]);
            for (int n = 0; n < count; n++) {
                String name = type == AuthenticationType.OAUTH ? "client " + args[1] + "-" + n : "Same name";
                attempts.add(() -> System.out.println(outcome(node, org, type, name)));
            }
        }
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        ExecutorService threads = Executors.newFixedThreadPool(attempts.size());
        List<Future<?>> running = attempts.stream().<Future<?>>map(threads::submit).toList();
        for (Future<?> attempt : running) {
            attempt.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        System.out.flush();
    }

    private static String outcome(Keyward node, OrganizationId org, AuthenticationType type, String name) {
        try {
            node.connections().create(Fixtures.SUPER, org, name, type);
            return "created";
        } catch (KeywardException e) {
            return e.code().name();
        }
    }
}
