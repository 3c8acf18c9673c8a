package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForwardingStoreTest {

    @Test
    @DisplayName("hands every method of the store SPI to its delegate, default methods included")
    void forwardsEveryMethod() throws Exception {
        List<String> received = new ArrayList<>();
        KeywardStore recorder = (KeywardStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeywardStore.class}, (proxy, method, args) -> {
                    received.add(method.getName());
                    return emptyOf(method.getReturnType());
                });
        ForwardingStore forwarding = new ForwardingStore(recorder) { };
        List<Method> spi = Arrays.stream(KeywardStore.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();

        for (Method method : spi) {
            Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingStoreTest::emptyOf).toArray();
            method.invoke(forwarding, args);
        }

        assertThat(received).containsExactlyInAnyOrderElementsOf(spi.stream().map(Method::getName).toList());
        assertThat(spi).extracting(Method::getName).contains("findOwnedToken", "recordLastUsed", "watchRevocations");
    }

    @Test
    @DisplayName("a forwarding unit of work hands every method of its interface to its delegate, default methods included")
    void transactionForwardsEveryMethod() throws Exception {
        List<String> received = new ArrayList<>();
        OrganizationTransaction recorder = (OrganizationTransaction) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {OrganizationTransaction.class}, (proxy, method, args) -> {
                    received.add(method.getName());
                    return emptyOf(method.getReturnType());
                });
        ForwardingTransaction forwarding = new ForwardingTransaction(recorder) { };
        List<Method> spi = Arrays.stream(OrganizationTransaction.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();

        for (Method method : spi) {
            Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingStoreTest::emptyOf).toArray();
            method.invoke(forwarding, args);
        }

        assertThat(received).containsExactlyInAnyOrderElementsOf(spi.stream().map(Method::getName).toList());
        assertThat(spi).extracting(Method::getName).contains("deleteToken", "liveTokens", "recordRevocation");
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
