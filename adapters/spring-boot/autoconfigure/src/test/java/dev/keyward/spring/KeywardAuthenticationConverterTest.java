package dev.keyward.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.ApiFamily;
import dev.keyward.servlet.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper;

class KeywardAuthenticationConverterTest {

    private final KeywardAuthenticationConverter converter =
            new KeywardAuthenticationConverter(request -> false, ClientAddresses.direct());

    @Test
    void readsTheCredentialHeadersBeneathSpringSecuritysFirewall() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "kw_ak_value");
        // A firewall that would refuse every header read through it: the converter must not need it.
        HttpServletRequest firewalled = refusingFirewall(container);

        KeywardAuthenticationRequest converted = converter.convert(firewalled);

        assertThat(converted.headers().values("Accesskey")).containsExactly("kw_ak_value");
        assertThat(converted.family()).isEqualTo(ApiFamily.REST);
        assertThat(firewalled.getAttribute(ClientAddresses.ATTRIBUTE)).isEqualTo(converted.clientAddress());
    }

    @Test
    void readsBeneathTheFirewallThroughSpringSecuritysOwnWrappers() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "kw_ak_value");
        HttpServletRequest wrapped = new SecurityContextHolderAwareRequestWrapper(refusingFirewall(container), "ROLE_");

        assertThat(converter.convert(wrapped).headers().values("Accesskey")).containsExactly("kw_ak_value");
    }

    @Test
    void readsThroughEverythingPastAWrapperOfTheHost() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "kw_ak_value");
        HttpServletRequest hosts = new HttpServletRequestWrapper(refusingFirewall(container)) {
        };

        KeywardAuthenticationRequest converted = converter.convert(new SecurityContextHolderAwareRequestWrapper(hosts,
                "ROLE_"));

        assertThatThrownBy(() -> converted.headers().values("Accesskey")).isInstanceOf(RequestRejectedException.class);
    }

    /** Spring Security's own firewall, set to refuse every header value it would hand out. */
    private static HttpServletRequest refusingFirewall(HttpServletRequest request) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> false);
        return firewall.getFirewalledRequest(request);
    }

    @Test
    void aFirewallOfTheHostsIsReadThrough() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "as sent");
        FirewalledRequest hosts = new FirewalledRequest(container) {
            @Override
            public Enumeration<String> getHeaders(String name) {
                return Collections.enumeration(List.of("as the host's firewall says"));
            }

            @Override
            public void reset() {
            }
        };

        assertThat(converter.convert(hosts).headers().values("Accesskey")).containsExactly("as the host's firewall says");
    }

    @Test
    void aSubclassOfSpringSecuritysWrapperIsReadThrough() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "as sent");
        HttpServletRequest subclass = new SecurityContextHolderAwareRequestWrapper(refusingFirewall(container), "ROLE_") {
            @Override
            public Enumeration<String> getHeaders(String name) {
                return Collections.enumeration(List.of("as the subclass says"));
            }
        };

        assertThat(converter.convert(subclass).headers().values("Accesskey")).containsExactly("as the subclass says");
    }

    /** A guard for upgrades: the wrappers stepped through declare no header method of their own. */
    @Test
    void theWrappersSteppedThroughTouchNoHeader() throws ClassNotFoundException {
        assertThat(KeywardAuthenticationConverter.HEADERS_PASSED_THROUGH).isNotEmpty();
        for (String name : KeywardAuthenticationConverter.HEADERS_PASSED_THROUGH) {
            Class<?> type = Class.forName(name);
            for (Class<?> c = type; c != HttpServletRequestWrapper.class; c = c.getSuperclass()) {
                assertThat(Arrays.stream(c.getDeclaredMethods()).map(Method::getName))
                        .as(c.getName()).doesNotContain("getHeader", "getHeaders", "getHeaderNames", "getIntHeader",
                                "getDateHeader");
            }
        }
        for (String name : KeywardAuthenticationConverter.SPRING_FIREWALLS) {
            assertThat(FirewalledRequest.class).isAssignableFrom(Class.forName(name));
        }
    }

    @Test
    void readsTheSameValuesAsTheStrictFirewallPassesOn() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Authorization", "Bearer one");
        container.addHeader("Authorization", "Bearer two");
        HttpServletRequest firewalled = new StrictHttpFirewall().getFirewalledRequest(container);

        KeywardAuthenticationRequest converted = converter.convert(firewalled);

        assertThat(converted.headers().values("Authorization"))
                .isEqualTo(Collections.list(firewalled.getHeaders("Authorization")))
                .containsExactly("Bearer one", "Bearer two");
    }

    @Test
    void readsThroughAWrapperOfTheHost() {
        MockHttpServletRequest container = new MockHttpServletRequest("GET", "/ping");
        container.addHeader("Accesskey", "as sent");
        HttpServletRequest rewritten = new HttpServletRequestWrapper(container) {
            @Override
            public String getHeader(String name) {
                return name.equalsIgnoreCase("Accesskey") ? "as the host says" : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return name.equalsIgnoreCase("Accesskey") ? Collections.enumeration(List.of("as the host says"))
                        : super.getHeaders(name);
            }
        };

        assertThat(converter.convert(rewritten).headers().values("Accesskey")).containsExactly("as the host says");
    }
}
