package dev.keyward.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that fails on purpose: counting every statement execution and every commit
 * across all its connections, it makes the N-th one fail, or drops the connection under it.
 * Thread-safe; meant for one caller at a time.
 */
final class FaultyDataSource {

    /** What happens at the N-th step. */
    enum Fault {
        /** The statement (or commit) fails; the connection stays usable. */
        FAIL,
        /** The connection is closed under the statement (or commit), as when the network drops. */
        DROP
    }

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final DataSource target;
    private final AtomicInteger steps = new AtomicInteger();
    private volatile int failAt;
    private volatile Fault fault = Fault.FAIL;
    private volatile boolean fired;

    FaultyDataSource(DataSource target) {
        this.target = target;
    }

    /** Makes the {@code n}-th step from now on fail with this fault. */
    void arm(int n, Fault fault) {
        this.steps.set(0);
        this.failAt = n;
        this.fault = fault;
        this.fired = false;
    }

    void disarm() {
        failAt = 0;
    }

    /** How many statements and commits ran since {@link #arm}; arm at a step never reached to count. */
    int steps() {
        return steps.get();
    }

    /** Whether the armed fault happened. */
    boolean fired() {
        return fired;
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (self, method, args) -> {
            Object result = Databases.invoke(target, method, args);
            return result instanceof Connection connection ? connection(connection) : result;
        });
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, (self, method, args) -> {
            if (method.getName().equals("commit")) {
                step(real);
            }
            Object result = Databases.invoke(real, method, args);
            return result instanceof Statement statement ? statement(real, statement, method.getReturnType()) : result;
        });
    }

    private Object statement(Connection real, Statement statement, Class<?> type) {
        return proxy(type, (self, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                step(real);
            }
            return Databases.invoke(statement, method, args);
        });
    }

    private void step(Connection real) throws SQLException {
        if (failAt == 0 || steps.incrementAndGet() != failAt) {
            return;
        }
        fired = true;
        if (fault == Fault.DROP) {
            real.close();
            throw new SQLException("injected fault: connection dropped", "08006");
        }
        throw new SQLException("injected fault: statement failed", "58000");
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
