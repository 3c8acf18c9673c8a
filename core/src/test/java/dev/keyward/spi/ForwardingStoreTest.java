package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForwardingStoreTest {

    @Test
    @DisplayName("hands every method of the store SPI to its delegate, default methods included")
    void forwardsEveryMethod() throws Exception {
        assertForwardsEveryMethod(KeywardStore.class, recorder -> new ForwardingStore(recorder) { },
                "findOwnedToken", "recordLastUsed", "watchRevocations");
    }

    @Test
    @DisplayName("a forwarding unit of work hands every method of its interface to its delegate, default methods included")
    void transactionForwardsEveryMethod() throws Exception {
        assertForwardsEveryMethod(OrganizationTransaction.class, recorder -> new ForwardingTransaction(recorder) { },
                "deleteToken", "liveTokens", "recordRevocation");
    }

    /**
     * Calls every method of {@code spi} on the forwarding object made around a recorder, and checks the recorder
     * received each, among them the default methods named.
     */
    private static <T> void assertForwardsEveryMethod(Class<T> spi, Function<T, T> forwardingAround,
            String... someDefaults) throws Exception {
        List<String> received = new ArrayList<>();
        T recorder = spi.cast(Proxy.newProxyInstance(ForwardingStoreTest.class.getClassLoader(), new Class<?>[] {spi},
                (proxy, method, args) -> {
                    received.add(method.getName());
                    return emptyOf(method.getReturnType());
                }));
        T forwarding = forwardingAround.apply(recorder);
        List<Method> methods = Arrays.stream(spi.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                .toList();

        for (Method method : methods) {
            Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingStoreTest::emptyOf).toArray();
            method.invoke(forwarding, args);
        }

        assertThat(received).containsExactlyInAnyOrderElementsOf(methods.stream().map(Method::getName).toList());
        assertThat(methods).extracting(Method::getName).contains(someDefaults);
    }

    private static Object emptyOf(Class<?> type) {
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return type == RevocationWatch.class ? RevocationWatch.NO_LOG : null;
    }
}
